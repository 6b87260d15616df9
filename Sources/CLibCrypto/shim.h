// OpenSSL's libcrypto (Debian's libssl-dev) for Swift: the SHA-256 digest of session tokens.
#include <openssl/sha.h>
