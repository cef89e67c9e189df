// Where a value sits in the caller's argument ("windows[1].end"), kept as parts until an error
// needs the text. Building paths eagerly on the success path costs strings and, in the module,
// an exception landing pad around every call that might throw while such a string lives; a Path
// is a few words on the stack with nothing to destroy.
//
// A Path refers to its parent and to the text it was made from: it lives only as long as they
// do, so it is made for a call (a parameter, or a local next to what it points at), never kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace doorlock {

class Path {
 public:
  Path() noexcept = default;  // the top level: ""
  Path(const char* text) noexcept : name_(text) {}
  Path(std::string_view text) noexcept : name_(text.data()), size_(text.size()) {}
  Path(const std::string& text) noexcept : Path(std::string_view(text)) {}

  Path member(const char* key) const noexcept { return Path(this, key, kTerminated); }  // "parent.key"
  Path member(std::string_view key) const noexcept { return Path(this, key.data(), key.size()); }
  Path item(size_t index) const noexcept { return Path(this, nullptr, index); }  // "parent[3]"

  bool empty() const noexcept { return parent_ == nullptr && name().empty(); }  // the text would be ""
  std::string text() const;

 private:
  static constexpr size_t kTerminated = SIZE_MAX;  // name_ is NUL-terminated

  Path(const Path* parent, const char* name, size_t size) noexcept : parent_(parent), name_(name), size_(size) {}
  std::string_view name() const noexcept {
    return size_ == kTerminated ? std::string_view(name_) : std::string_view(name_, size_);
  }

  const Path* parent_ = nullptr;
  const char* name_ = "";  // nullptr for an item of a list; size_ is then its index
  size_t size_ = kTerminated;
};

}  // namespace doorlock
