// The path of the value being checked, kept on the stack while the validator and the response
// parser walk nested data. It becomes text ("schedule_list[1].invalid_time") only when an error
// names it, so the common path builds no strings.
#pragma once

#include <cstddef>
#include <string>

namespace doorlock::api {

struct FieldPath {
  const FieldPath* parent;  // nullptr for a member of the top level
  const char* name;         // the member's name, or nullptr for an item of a list
  size_t index;             // the item's index when `name` is nullptr

  std::string text() const;
};

// `at`'s text, or `top` when `at` is the top level itself (nullptr).
std::string path_text(const FieldPath* at, const char* top);

}  // namespace doorlock::api
