#include "doorlock/api/catalog.h"
#include "doorlock/closest_name.h"
#include "doorlock/error.h"

namespace doorlock::api {

void throw_unknown_action(std::string_view name) {
  ClosestName closest(name);
  for (const Action& action : all_actions()) closest.consider(action.name);
  if (!closest.best().empty()) {
    throw_invalid("action", {"unknown action \"", name, "\"; did you mean ", closest.best(), "?"});
  }
  throw_invalid("action", {"unknown action \"", name, "\" (dl.actions() lists them)"});
}

}  // namespace doorlock::api
