// libqrencode (Debian's libqrencode-dev) for Swift.
#include <qrencode.h>
