// The cloud password crypto: published vectors (vectors.md §9), rejection of malformed input, and
// agreement with OpenSSL on random keys and PINs.
#include "doorlock/crypto/ticket.h"

#include "doorlock/crypto/aes.h"
#include "doorlock/password_strength.h"
#include "test_support.h"

using namespace doorlock;
using doorlock::test::secret;

namespace {

const std::string kAccessKey = "0123456789abcdef0123456789abcdef";
const std::string kTicketKey = "676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E";

class CountingRandom : public crypto::RandomSource {
 public:
  void fill(uint8_t* out, size_t size) override {
    for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(next_++);
  }

 private:
  unsigned next_ = 0;
};

}  // namespace

TEST_CASE("vectors.md §9: ticket key decrypts to the inner key") {
  const SecretBytes key = crypto::decrypt_ticket_key(kTicketKey, secret(kAccessKey));
  CHECK(to_hex(key.reveal()) == "4142434445464748494a4b4c4d4e4f50");
  // Lower-case ticket keys are the same bytes.
  std::string lower = kTicketKey;
  for (char& c : lower) c = static_cast<char>(std::tolower(c));
  CHECK(crypto::decrypt_ticket_key(lower, secret(kAccessKey)).reveal() == key.reveal());
}

TEST_CASE("vectors.md §9: PINs encrypt to the published upper-case hex") {
  CHECK(crypto::encrypt_password("123456", kTicketKey, secret(kAccessKey), LockType::Zigbee) ==
        "F8D081364CA175264AC8E2B5B4B3B65E");
  CHECK(crypto::encrypt_password("123456", kTicketKey, secret(kAccessKey), LockType::Ble) ==
        "F8D081364CA175264AC8E2B5B4B3B65E");
  CHECK(crypto::encrypt_password("1234567", kTicketKey, secret(kAccessKey), LockType::Wifi) ==
        "12A879A76363F4BEB8458B9529C9CEE7");
  CHECK(crypto::encrypt_password("1234567", kTicketKey, secret(kAccessKey), std::nullopt) ==
        "12A879A76363F4BEB8458B9529C9CEE7");
}

TEST_CASE("vectors.md §9: the decrypted key encrypts the PIN as the ticket form does") {
  // The inner key of the vector is the ASCII text ABCDEFGHIJKLMNOP.
  CHECK(crypto::encrypt_password_with_key("123456", secret("ABCDEFGHIJKLMNOP"), LockType::Ble) ==
        "F8D081364CA175264AC8E2B5B4B3B65E");
  CHECK(crypto::encrypt_password_with_key("1234567", secret("ABCDEFGHIJKLMNOP"), std::nullopt) ==
        "12A879A76363F4BEB8458B9529C9CEE7");
  test::require_error([] { crypto::encrypt_password_with_key("123456", secret("ABCDEFGHIJKLMNO"), LockType::Ble); },
                      ErrorCode::InvalidArgument, "key");
  test::require_error([] { crypto::encrypt_password_with_key("123456", secret("ABCDEFGHIJKLMNOPQ"), LockType::Ble); },
                      ErrorCode::InvalidArgument, "key");
  test::require_error([] { crypto::encrypt_password_with_key("1234567", secret("ABCDEFGHIJKLMNOP"), LockType::Ble); },
                      ErrorCode::InvalidArgument, "password");
}

TEST_CASE("password length follows the lock type") {
  const auto encrypt = [](const char* pin, std::optional<LockType> type) {
    return [=] { crypto::encrypt_password(pin, kTicketKey, secret(kAccessKey), type); };
  };
  test::require_error(encrypt("123456", LockType::Wifi), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("123456", LockType::WifiAccessControl), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("1234567", LockType::Zigbee), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("1234567", LockType::Ble), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("12345", std::nullopt), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("12345678", std::nullopt), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("12345a", LockType::Ble), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("", LockType::Ble), ErrorCode::InvalidArgument, "password");
  test::require_error(encrypt("12 456", std::nullopt), ErrorCode::InvalidArgument, "password");
}

TEST_CASE("malformed ticket keys are rejected naming ticketKey") {
  const auto decrypt = [](std::string ticket) {
    return [=] { crypto::decrypt_ticket_key(ticket, secret(kAccessKey)); };
  };
  test::require_error(decrypt(kTicketKey.substr(1)), ErrorCode::InvalidArgument, "ticketKey");        // odd length
  test::require_error(decrypt("G" + kTicketKey.substr(1)), ErrorCode::InvalidArgument, "ticketKey");  // non-hex
  test::require_error(decrypt(kTicketKey.substr(0, 32)), ErrorCode::InvalidArgument, "ticketKey");    // one block
  test::require_error(decrypt(kTicketKey + "00112233445566778899AABBCCDDEEFF"), ErrorCode::InvalidArgument,
                      "ticketKey");  // three blocks
  test::require_error(decrypt(""), ErrorCode::InvalidArgument, "ticketKey");
  // Right size, wrong key: the padding check catches it.
  test::require_error([] { crypto::decrypt_ticket_key(kTicketKey, secret("0123456789abcdef0123456789abcdeX")); },
                      ErrorCode::InvalidArgument, "ticketKey");
  test::require_error([] { crypto::decrypt_ticket_key(kTicketKey, secret("short")); }, ErrorCode::InvalidArgument,
                      "accessKey");
}

TEST_CASE("a ticket whose padding is valid but whose key is not 16 bytes is rejected") {
  // Encrypt a 20-byte "key" (pads to 32 bytes): valid PKCS7, wrong inner length.
  const Bytes inner(20, 0x41);
  const Bytes padded = crypto::pkcs7_pad(inner.data(), inner.size());
  const Bytes cipher =
      crypto::aes_ecb_encrypt(reinterpret_cast<const uint8_t*>(kAccessKey.data()), 32, padded.data(), padded.size());
  test::require_error([&] { crypto::decrypt_ticket_key(to_hex(cipher), secret(kAccessKey)); },
                      ErrorCode::InvalidArgument, "ticketKey");
}

TEST_CASE("generated passwords have the lock type's length and only digits") {
  CountingRandom random;
  const std::string ble = crypto::generate_password(LockType::Ble, random);
  const std::string wifi = crypto::generate_password(LockType::Wifi, random);
  CHECK(ble.size() == 6);
  CHECK(wifi.size() == 7);
  // Counting bytes 0,1,2,... map straight to digits: the first draw, 012345, is weak (the lock
  // refuses it), so the next 16 bytes (16..21) give the PIN.
  CHECK(ble == "678901");
  CHECK_NOTHROW(crypto::check_password_digits(wifi, LockType::Wifi, "password"));
}

TEST_CASE("generated passwords are never weak") {
  // Bytes that spell 111111, then 987654, then 135792: the generator keeps drawing past the weak ones.
  class ScriptedDigits final : public crypto::RandomSource {
   public:
    void fill(uint8_t* out, size_t size) override {
      static const uint8_t kDraws[3][6] = {{1, 1, 1, 1, 1, 1}, {9, 8, 7, 6, 5, 4}, {1, 3, 5, 7, 9, 2}};
      for (size_t i = 0; i < size; ++i) out[i] = i < 6 ? kDraws[std::min<size_t>(draw_, 2)][i] : 255;
      ++draw_;
    }
    size_t draw_ = 0;
  } random;
  CHECK(crypto::generate_password(LockType::Ble, random) == "135792");
  CHECK(random.draw_ == 3);
  CountingRandom counting;
  for (int i = 0; i < 2000; ++i) CHECK_FALSE(is_weak_password(crypto::generate_password(LockType::Wifi, counting)));
}

TEST_CASE("1000 random access keys, inner keys and PINs agree with OpenSSL (libcrypto)") {
  auto& rng = test::test_rng();
  std::uniform_int_distribution<int> printable(0x21, 0x7E);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> digit(0, 9);
  for (int round = 0; round < 1000; ++round) {
    std::string access_key(32, ' ');
    for (char& c : access_key) c = static_cast<char>(printable(rng));
    Bytes inner(16);
    for (auto& b : inner) b = static_cast<uint8_t>(byte(rng));
    const LockType type = round % 2 == 0 ? LockType::Ble : LockType::Wifi;
    std::string pin(static_cast<size_t>(password_length(type)), '0');
    for (char& c : pin) c = static_cast<char>('0' + digit(rng));

    const std::string access_hex = to_hex(reinterpret_cast<const uint8_t*>(access_key.data()), 32);
    // The cloud's side, done by OpenSSL: wrap the inner key under the access key...
    const std::string ticket = test::openssl_ecb("aes-256-ecb", false, access_hex, to_hex(inner), true);
    REQUIRE(ticket.size() == 64);
    CHECK(crypto::decrypt_ticket_key(ticket, secret(access_key)).reveal() == inner);
    // ...and what the cloud would compute for the PIN.
    const std::string expected = test::openssl_ecb(
        "aes-128-ecb", false, to_hex(inner), to_hex(reinterpret_cast<const uint8_t*>(pin.data()), pin.size()), true);
    INFO("round " << round);
    CHECK(crypto::encrypt_password(pin, ticket, secret(access_key), type) == expected);
  }
}

TEST_CASE("the noexcept password core: published vectors into buffers, and each refusal by name") {
  using crypto::PasswordRefusal;
  const std::string access = kAccessKey;
  const auto* access_bytes = reinterpret_cast<const uint8_t*>(access.data());
  char hex[crypto::kPasswordHexSize];
  REQUIRE(crypto::encrypt_password_into("123456", kTicketKey, access_bytes, access.size(), LockType::Zigbee, hex) ==
          PasswordRefusal::None);
  CHECK(std::string(hex, sizeof hex) == "F8D081364CA175264AC8E2B5B4B3B65E");
  uint8_t key[crypto::kInnerKeySize];
  REQUIRE(crypto::decrypt_ticket_key_into(kTicketKey, access_bytes, access.size(), key) == PasswordRefusal::None);
  CHECK(to_hex(key, sizeof key) == "4142434445464748494a4b4c4d4e4f50");

  const auto refusal = [&](std::string_view pin, std::string_view ticket, size_t access_size,
                           std::optional<LockType> type) {
    return crypto::encrypt_password_into(pin, ticket, access_bytes, access_size, type, hex);
  };
  CHECK(refusal("12a456", kTicketKey, 32, std::nullopt) == PasswordRefusal::PasswordNotDigits);
  CHECK(refusal("123456", kTicketKey, 32, LockType::Wifi) == PasswordRefusal::PasswordLength);
  CHECK(refusal("12345", kTicketKey, 32, std::nullopt) == PasswordRefusal::PasswordLength);
  CHECK(refusal("123456", kTicketKey, 31, std::nullopt) == PasswordRefusal::AccessKeySize);
  CHECK(refusal("123456", kTicketKey.substr(1), 32, std::nullopt) == PasswordRefusal::TicketKeyNotHex);
  CHECK(refusal("123456", kTicketKey + "0g", 32, std::nullopt) == PasswordRefusal::TicketKeyNotHex);
  CHECK(refusal("123456", kTicketKey + "00", 32, std::nullopt) == PasswordRefusal::TicketKeySize);
  CHECK(refusal("123456", kTicketKey.substr(2), 32, std::nullopt) == PasswordRefusal::TicketKeySize);
  const std::string other_access(32, 'B');
  CHECK(crypto::encrypt_password_into("123456", kTicketKey, reinterpret_cast<const uint8_t*>(other_access.data()),
                                      other_access.size(), std::nullopt, hex) == PasswordRefusal::TicketKeyPadding);
  CHECK(crypto::encrypt_password_into("123456", key, 15, std::nullopt, hex) == PasswordRefusal::KeySize);
  // The throwing API raises the same refusals (its messages are checked above).
  CHECK_THROWS_AS(crypto::encrypt_password("123456", kTicketKey + "00", secret(access), std::nullopt), Error);
  CHECK_THROWS_AS(crypto::encrypt_password("123456", kTicketKey, secret(other_access), std::nullopt), Error);
}
