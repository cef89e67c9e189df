#include "doorlock/path.h"

namespace doorlock {

std::string Path::text() const {
  if (parent_ == nullptr) return std::string(name());
  std::string out = parent_->text();
  if (name_ == nullptr) {
    out += '[';
    out += std::to_string(size_);
    out += ']';
  } else {
    if (!out.empty()) out += '.';
    out += name();
  }
  return out;
}

}  // namespace doorlock
