#pragma once
// Suggests the intended word for a misspelt key or name.

#include <string>
#include <string_view>
#include <vector>

namespace vcshift {

// The candidate closest to `word` by edit distance, or "" when none is close enough to be
// a plausible typo (more than a third of the word's letters differ).
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or "" when there is no plausible suggestion.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace vcshift
