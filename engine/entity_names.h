#pragma once
// Names as vCenter keeps them. vCenter escapes '/', '\' and '%' in an entity's name as
// %2f, %5c and %25 (vSphere API reference, ManagedEntity.name; Folder.CreateDatacenter),
// so an inventory path like "DC1/Cluster1/esx-01" splits on '/' one way only. A desired
// state writes names as vCenter shows them, escapes included: these say what in a name
// vCenter would not keep as written, or what would make an inventory path mean another
// object.

#include <string>

namespace vcshift {

// What is wrong with `name` as one component of an inventory path, "" when nothing: a raw
// '/' or '\', a '%' that starts no escape sequence, "." or "..", a control character.
std::string EntityNameProblem(const std::string& name);

// The same for each '/'-separated component of a folder path ("Prod/Web").
std::string FolderPathProblem(const std::string& path);

// `name` with its escape sequences decoded and ASCII letters in lower case: two names with
// the same key are the same name to a case-insensitive comparison (%2F and %2f are one '/').
std::string FoldedName(const std::string& name);

// `text` with control characters written as \xNN, to quote in a message.
std::string Printable(const std::string& text);

}  // namespace vcshift
