// libcurl's SMTP client, for the office's mail (Sources/AtiendeMail). curl_easy_setopt is
// variadic, which Swift cannot call: these typed wrappers are the only C here.
#include <curl/curl.h>

static inline CURLcode atiende_curl_text(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode atiende_curl_number(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode atiende_curl_list(CURL *curl, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode atiende_curl_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode atiende_curl_reader(CURL *curl, curl_read_callback reader) {
    return curl_easy_setopt(curl, CURLOPT_READFUNCTION, reader);
}
