#include "test_support.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace doorlock::test {

std::string openssl_ecb(const std::string& cipher, bool decrypt, const std::string& key_hex,
                        const std::string& data_hex, bool pkcs7) {
  char in_path[] = "/tmp/doorlock-openssl-XXXXXX";
  const int fd = mkstemp(in_path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  const Bytes data = from_hex(data_hex, "data");
  if (write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size())) throw std::runtime_error("write failed");
  close(fd);
  const std::string command = "openssl enc -" + cipher + (decrypt ? " -d" : " -e") + " -K " + key_hex +
                              (pkcs7 ? "" : " -nopad") + " -in " + in_path + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  Bytes out;
  uint8_t buffer[256];
  size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.insert(out.end(), buffer, buffer + got);
  const int status = pclose(pipe);
  unlink(in_path);
  if (status != 0) throw std::runtime_error("openssl failed: " + command);
  return to_hex(out, HexCase::Upper);
}

}  // namespace doorlock::test
