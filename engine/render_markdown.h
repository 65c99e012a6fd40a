#pragma once
// The plan as a pull-request comment: the summary first, a table of objects, the full
// plan collapsed, all cut to fit a comment.

#include <string>

#include "engine/plan.h"

namespace vcshift {

// GitHub's limit for a comment body.
inline constexpr size_t kMaxCommentBytes = 65536;

std::string RenderMarkdown(const Plan& plan, size_t max_bytes = kMaxCommentBytes);

}  // namespace vcshift
