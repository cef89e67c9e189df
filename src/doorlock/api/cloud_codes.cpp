#include "doorlock/api/cloud_codes.h"

namespace doorlock::api {

namespace {

struct CloudCode {
  int16_t code;
  const char* meaning;
};

constexpr CloudCode kGlobalCodes[] = {
    {500, "system error on the cloud side (network or timeout there); try again later"},
    {1000, "the data does not exist"},
    {1001, "the secret is invalid"},
    {1002, "the access token is empty"},
    {1003, "the grant type is invalid"},
    {1004, "the signature is invalid: check the Access ID / Access Secret and the signing"},
    {1005, "the client id is invalid"},
    {1006, "the content type is not supported"},
    {1010, "the access token has expired"},
    {1011, "the access token is invalid"},
    {1012, "the access token status is invalid"},
    {1013, "the request time is invalid: check the clock of the caller"},
    {1100, "a parameter is empty"},
    {1101, "a parameter is out of range"},
    {1102, "a parameter is null"},
    {1103, "the command could not be issued"},
    {1104, "a type is incorrect"},
    {1105, "a header is missing"},
    {1106, "permission denied: the device or API is not authorized for this project"},
    {1107, "the code is invalid"},
    {1108, "the URI path is invalid"},
    {1109, "a parameter is illegal"},
    {1110, "too many concurrent requests"},
    {1111, "the system is busy; try again later"},
    {2001, "the device is offline"},
    {2002, "the user has no devices"},
    {2003, "the function is not supported"},
    {2004, "the lock type is not supported"},
    {2005, "the product does not exist"},
    {2006, "the user does not exist"},
    {2007, "the device token has expired"},
    {2008, "the command or value is not supported"},
    {2009, "this device is not supported"},
    {2010, "the device does not exist"},
};

}  // namespace

const char* cloud_code_meaning(int64_t code) noexcept {
  for (const CloudCode& known : kGlobalCodes) {
    if (known.code == code) return known.meaning;
  }
  return nullptr;
}

}  // namespace doorlock::api
