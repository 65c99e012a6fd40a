#include "engine/validation.h"

#include <algorithm>

#include "engine/desired_state_checks.h"
#include "engine/desired_state_loader.h"
#include "engine/embedded_schema.h"
#include "engine/hooks.h"
#include "engine/schema_validator.h"
#include "engine/yaml_file.h"

namespace vcshift {
namespace {

const SchemaValidator& DesiredStateSchema() {
  static const SchemaValidator validator(YAML::Load(std::string(kDesiredStateSchema)));
  return validator;
}

LoadResult Finish(const std::optional<YAML::Node>& document, const std::string& file, Diagnostics diagnostics) {
  LoadResult result;
  if (document) {
    if (!document->IsMap()) {
      diagnostics.push_back({Severity::Error, file, LocationOf(*document), "",
                             "a desired state is a YAML mapping that starts with 'version: 1'"});
    } else {
      DesiredStateSchema().Validate(*document, file, diagnostics);
      DesiredState state = BuildDesiredState(*document, file);
      CheckDesiredState(state, diagnostics);
      CheckHooks(state, diagnostics);
      if (!HasErrors(diagnostics)) result.state = std::move(state);
    }
  }
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.line, a.location.column) < std::tie(b.location.line, b.location.column);
  });
  result.diagnostics = std::move(diagnostics);
  return result;
}

}  // namespace

LoadResult LoadDesiredState(const std::string& path) {
  Diagnostics diagnostics;
  const auto document = LoadYamlFile(path, diagnostics);
  return Finish(document, path, std::move(diagnostics));
}

LoadResult LoadDesiredStateText(const std::string& text, const std::string& file) {
  Diagnostics diagnostics;
  const auto document = ParseYaml(text, file, diagnostics);
  return Finish(document, file, std::move(diagnostics));
}

}  // namespace vcshift
