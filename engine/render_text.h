#pragma once
// The plan as a person reviews it in a terminal: grouped by object, `+` create,
// `-` destroy, `~` change (old -> new per field), `>` move (from -> to), and a closing
// summary line.

#include <string>

#include "engine/plan.h"

namespace vcshift {

struct TextOptions {
  bool color = false;          // ANSI colours; the CLI turns them on only on a terminal
  bool show_rollback = false;  // also list each action's inverse
};

std::string RenderText(const Plan& plan, const TextOptions& options = {});

}  // namespace vcshift
