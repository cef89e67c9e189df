#include "doorlock/api/field_path.h"

namespace doorlock::api {

std::string FieldPath::text() const {
  std::string out = parent != nullptr ? parent->text() : std::string();
  if (name != nullptr) {
    if (!out.empty()) out += '.';
    out += name;
  } else {
    out += '[' + std::to_string(index) + ']';
  }
  return out;
}

std::string path_text(const FieldPath* at, const char* top) { return at != nullptr ? at->text() : std::string(top); }

}  // namespace doorlock::api
