#!/usr/bin/env python3
"""Emit a soapcpp2 header for the part of vim25 that vcshift uses.

There is no vim25 WSDL on the build machine, but Debian's python3-pyvmomi carries the
whole description as data: CreateDataType / CreateEnumType / CreateManagedType calls in
CoreTypes.py, QueryTypes.py and ServerObjects.py. Those files are executed here with stub
functions (pyVmomi itself is never imported), the closure of the types reachable from the
methods in methods.txt and the types in types.txt is taken, and a header for soapcpp2 is
written: C++ classes with inheritance, so that an xsi:type in a property value, a task's
error or a SOAP fault's detail is read into the derived class.

Usage: vim25_subset.py PYVMOMI_DIR METHODS_TXT TYPES_TXT OUT_HEADER OUT_FAULT_LIST
"""

import re
import sys

F_LINK, F_LINKABLE, F_OPTIONAL, F_SECRET = (1 << x for x in range(4))

# pyVmomi names of XML Schema types and how a field of that type is declared.
PRIMITIVES = {
    "string": "std::string",
    "boolean": "bool",
    "byte": "char",
    "short": "short",
    "int": "int",
    "long": "LONG64",
    "float": "float",
    "double": "double",
    "anyType": "xsd__anyType*",
    "vmodl.DataObject": "xsd__anyType*",
    # Kept as text: vSphere's timestamps have fractions and zones time_t would lose.
    "vmodl.DateTime": "std::string",
    "vmodl.URI": "std::string",
    "vmodl.PropertyPath": "std::string",
    "vmodl.TypeName": "std::string",
    "vmodl.MethodName": "std::string",
    "vmodl.Binary": "xsd__base64Binary",
}

# Wrappers that a property value (xsd:anyType) may arrive as, e.g. xsi:type="xsd:int".
# The member is __item: the element's text content.
ANY_WRAPPERS = [
    ("xsd__string", "std::string"),
    ("xsd__boolean", "bool"),
    ("xsd__byte", "char"),
    ("xsd__short", "short"),
    ("xsd__int", "int"),
    ("xsd__long", "LONG64"),
    ("xsd__float", "float"),
    ("xsd__double", "double"),
    ("xsd__dateTime", "std::string"),
]

# Arrays of primitives inside a property value: <val xsi:type="ArrayOfString"><string>..
PRIMITIVE_ARRAYS = {"string": "std::string", "int": "int", "long": "LONG64",
                    "short": "short", "boolean": "bool", "byte": "char"}

CXX_KEYWORDS = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not
not_eq nullptr operator or or_eq private protected public register reinterpret_cast requires
return short signed sizeof static static_assert static_cast struct switch template this
thread_local throw true try typedef typeid typename union unsigned using virtual void
volatile wchar_t while xor xor_eq soap errno stdin stdout stderr unix linux
""".split())


class Tables:
    """Everything pyVmomi's emitted files declare, keyed by vmodl name."""

    def __init__(self):
        self.data = {}      # vmodl name -> (wsdl name, parent vmodl name, props)
        self.enums = {}     # vmodl name -> wsdl name
        self.managed = {}   # vmodl name -> (wsdl name, parent vmodl name)
        self.methods = {}   # wsdl method name -> (params, return type)
        self.wsdl = {}      # wsdl name -> vmodl name, data types only
        self.versions = []  # vim25 version strings, e.g. "6.7.1"

    def load(self, path):
        source = open(path, encoding="utf-8").read()
        # The import lines name pyVmomi; everything they would bring in is stubbed here.
        source = "\n".join(line for line in source.splitlines()
                           if not line.startswith(("from ", "import ")))
        exec(compile(source, path, "exec"), self.stubs())

    def stubs(self):
        class VersionSet:
            def Add(self, _):
                pass

        def add_version(_vmodl, ns, version, *_):
            if ns == "vim25" and re.fullmatch(r"\d+(\.\d+)+", version):
                self.versions.append(version)

        def create_data(vmodl, wsdl, parent, _version, props):
            # vmodl.DataObject is the root; xsd__anyType plays its part here.
            parent = None if parent == "vmodl.DataObject" else parent
            self.data[vmodl] = (wsdl, parent, props or [])
            self.wsdl[wsdl] = vmodl

        def create_enum(vmodl, wsdl, _version, _values):
            self.enums[vmodl] = wsdl

        def create_managed(vmodl, wsdl, parent, _version, _props, methods):
            self.managed[vmodl] = (wsdl, parent)
            for method in methods or []:
                _name, wsdl_name, _ver, params, result = method[:5]
                self.methods[wsdl_name] = (params, result)

        return {
            "CreateDataType": create_data, "CreateEnumType": create_enum,
            "CreateManagedType": create_managed, "AddVersion": add_version,
            "AddVersionParent": lambda *_: None,
            "F_LINK": F_LINK, "F_LINKABLE": F_LINKABLE, "F_OPTIONAL": F_OPTIONAL,
            "F_SECRET": F_SECRET, "newestVersions": VersionSet(),
            "stableVersions": VersionSet(), "publicVersions": VersionSet(),
            "oldestVersions": VersionSet(),
        }

    def add_builtins(self):
        # Built into pyVmomi's VmomiSupport rather than emitted; declared as the WSDL has
        # them (MethodFault is not a DynamicData there, and its faultCause is localized).
        self.data["vmodl.MethodFault"] = ("MethodFault", None, [
            ("faultCause", "vmodl.LocalizedMethodFault", "", F_OPTIONAL),
            ("faultMessage", "vmodl.LocalizableMessage[]", "", F_OPTIONAL)])
        self.data["vmodl.RuntimeFault"] = ("RuntimeFault", "vmodl.MethodFault", [])
        self.data["vmodl.LocalizedMethodFault"] = ("LocalizedMethodFault", "vmodl.DynamicData", [
            ("fault", "vmodl.MethodFault!", "", 0),
            ("localizedMessage", "string", "", F_OPTIONAL)])
        # DynamicData's dynamicType/dynamicProperty are never sent by vSphere in practice
        # and never by us; unknown elements are skipped on input.
        self.data["vmodl.DynamicData"] = ("DynamicData", None, [])
        for vmodl in ("vmodl.MethodFault", "vmodl.RuntimeFault", "vmodl.LocalizedMethodFault",
                      "vmodl.DynamicData"):
            self.wsdl[self.data[vmodl][0]] = vmodl


def public(props):
    """Fields and parameters in the published WSDL: pyVmomi also knows internal ones."""
    return [p for p in props if p[2] != "vim.version.legacy"]


def is_managed(tables, vmodl):
    return vmodl == "vmodl.ManagedObject" or vmodl in tables.managed


class Field:
    def __init__(self, name, decl, occurs, ref=None):
        self.name, self.decl, self.occurs, self.ref = name, decl, occurs, ref


class Subset:
    """The closure of data types reachable from the chosen methods and types."""

    def __init__(self, tables):
        self.tables = tables
        self.types = {}          # vmodl name -> list of Field (own fields only)
        self.enum_values = set()  # enum wsdl names wanted as xsi:type wrappers
        self.arrays = set()      # wsdl names wanted as ArrayOf<name> wrappers
        self.pending = []

    def want(self, vmodl):
        if vmodl in self.types or vmodl in self.pending:
            return
        self.pending.append(vmodl)

    def close(self):
        while self.pending:
            vmodl = self.pending.pop()
            if vmodl in self.types:
                continue
            _wsdl, parent, props = self.tables.data[vmodl]
            if parent:
                self.want(parent)
            self.types[vmodl] = [self.field(p[0], p[1], p[3]) for p in public(props)]

    def field(self, name, type_name, flags):
        array = type_name.endswith("[]")
        base = type_name[:-2] if array else type_name
        if flags & F_LINK:  # a link is sent as the key of the object it names, a string
            base = "string"
        decl, ref = self.declaration(base)
        if array:
            return Field(name, "std::vector<%s>" % decl, "0", ref)
        return Field(name, decl if not flags & F_OPTIONAL or decl.endswith("*") else decl + "*",
                     "0" if flags & F_OPTIONAL else "1", ref)

    def declaration(self, base):
        """C++ declaration of a field of pyVmomi type `base`, and the data type it needs."""
        if base.endswith("!"):       # LocalizedMethodFault.fault: the fault itself
            self.want(base[:-1])
            return "vim25__%s*" % self.tables.data[base[:-1]][0], base[:-1]
        if base in PRIMITIVES:
            return PRIMITIVES[base], None
        if base in self.tables.enums:
            return "std::string", None  # newer vCenters add values; never refuse them
        if is_managed(self.tables, base):
            return "vim25__ManagedObjectReference*", None
        if base == "vmodl.MethodFault":  # a fault in a data object is always localized
            base = "vmodl.LocalizedMethodFault"
        self.want(base)
        return "vim25__%s*" % self.tables.data[base][0], base

    def want_listed(self, name):
        """A name from types.txt: a data type, an enum or ArrayOf<type>, by WSDL name."""
        if name.startswith("ArrayOf"):
            element = name[len("ArrayOf"):]
            if element.lower() in PRIMITIVE_ARRAYS:
                element = element.lower()  # ArrayOfString holds <string> elements
            elif element != "ManagedObjectReference":
                self.want_listed(element)
            self.arrays.add(element)
            return
        for vmodl, wsdl in self.tables.enums.items():
            if wsdl == name:
                self.enum_values.add(wsdl)
                return
        if name not in self.tables.wsdl:
            raise SystemExit("types.txt: %s is not a vim25 data type, enum or ArrayOf" % name)
        self.want(self.tables.wsdl[name])

    def is_fault(self, vmodl):
        while vmodl:
            if vmodl == "vmodl.MethodFault":
                return True
            vmodl = self.tables.data[vmodl][1]
        return False


def xml_ident(name):
    # gSOAP maps a single underscore in a name to '-'; _USCORE is a literal underscore.
    return name.replace("_", "_USCORE")


def member(name):
    # A trailing underscore is dropped from the XML name, so it escapes C++ keywords.
    name = xml_ident(name)
    return name + "_" if name in CXX_KEYWORDS else name


def read_list(path):
    names = []
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(line)
    return names


def ordered(subset):
    """Data types with every base before its derived types; otherwise by name."""
    done, out = set(), []

    def visit(vmodl):
        if vmodl in done:
            return
        parent = subset.tables.data[vmodl][1]
        if parent:
            visit(parent)
        done.add(vmodl)
        out.append(vmodl)

    for vmodl in sorted(subset.types, key=lambda v: subset.tables.data[v][0]):
        visit(vmodl)
    return out


def emit(tables, subset, methods, version):
    out = []
    w = out.append
    w("// Generated by providers/vsphere/gen/vim25_subset.py from pyVmomi's vim25 tables.")
    w("// Input of soapcpp2; never edited, never committed.")
    w("")
    w("//gsoap vim25 service name: vim25")
    w("//gsoap vim25 service type: VimPortType")
    w("//gsoap vim25 service namespace: urn:vim25")
    w("//gsoap vim25 schema namespace: urn:vim25")
    w("//gsoap vim25 schema elementForm: qualified")
    w("//gsoap vim25 schema attributeForm: unqualified")
    w("//gsoap vim25 service style: document")
    w("//gsoap vim25 service encoding: literal")
    w("")
    w("#import \"stlvector.h\"")
    w("")
    w("// The newest vim25 version these tables describe, e.g. for SOAPAction urn:vim25/<it>.")
    w("// (soapcpp2 copies #define lines into soapStub.h.)")
    w("#define VIM25_TABLES_VERSION \"%s\"" % version)
    w("")
    w("class xsd__base64Binary { public: unsigned char *__ptr; int __size; };")
    w("")
    w("// The root of every value an xsd:anyType may hold: data objects, faults,")
    w("// managed object references, wrapped primitives and arrays.")
    w("class xsd__anyType { public: struct soap *soap; };")
    for name, decl in ANY_WRAPPERS:
        w("class %s : public xsd__anyType { public: %s __item; };" % (name, decl))
    w("")
    w("class vim25__ManagedObjectReference : public xsd__anyType {")
    w(" public:")
    w("  std::string __item;")
    w("  @std::string type 1;")
    w("};")
    for vmodl in ordered(subset):
        w("class vim25__%s;" % tables.data[vmodl][0])
    w("")
    for vmodl in ordered(subset):
        wsdl, parent, _props = tables.data[vmodl]
        base = "vim25__" + tables.data[parent][0] if parent else "xsd__anyType"
        w("class vim25__%s : public %s {" % (wsdl, base))
        w(" public:")
        if vmodl == "vmodl.MethodFault":
            # The fault's own type as sent, so that a fault outside this subset (read as
            # its nearest known base) still has its name.
            w("  @std::string *xsi__type 0;")
        for f in subset.types[vmodl]:
            w("  %s %s %s;" % (f.decl, member(f.name), f.occurs))
        w("};")
    w("")
    for wsdl in sorted(subset.enum_values):
        w("class vim25__%s : public xsd__anyType { public: std::string __item; };" % wsdl)
    for element in sorted(subset.arrays):
        decl = PRIMITIVE_ARRAYS.get(element) or "vim25__%s*" % element
        w("class vim25__ArrayOf%s : public xsd__anyType { public: std::vector<%s> %s 0; };"
          % (element[0].upper() + element[1:], decl, member(element)))
    w("")
    faults = sorted(tables.data[v][0] for v in subset.types if subset.is_fault(v))
    w("// SOAP fault detail: <InvalidLoginFault xsi:type=\"InvalidLogin\">; one member each.")
    for wsdl in faults:
        w("typedef vim25__%s _vim25__%sFault;" % (wsdl, wsdl))
    w("struct SOAP_ENV__Detail {")
    for wsdl in faults:
        w("  _vim25__%sFault *vim25__%sFault 0;" % (wsdl, wsdl))
    w("  _XML __any;")
    w("};")
    w("")
    for name in methods:
        emit_method(w, subset, name, version)
    return "\n".join(out) + "\n", faults


def emit_method(w, subset, name, version):
    params, result = subset.tables.methods[name]
    ident = xml_ident(name)  # Destroy_Task -> Destroy_USCORETask
    w("class _vim25__%s {" % ident)
    w(" public:")
    w("  vim25__ManagedObjectReference *_USCOREthis 1;")
    for p in public(params):
        f = subset.field(p[0], p[1], p[3])
        w("  %s %s %s;" % (f.decl, member(f.name), f.occurs))
    w("};")
    w("class _vim25__%sResponse {" % ident)
    w(" public:")
    flags, type_name = result[0], result[1]
    if type_name != "void":
        f = subset.field("returnval", type_name, flags)
        w("  %s returnval %s;" % (f.decl, f.occurs))
    w("};")
    w("//gsoap vim25 service method-action: %s \"urn:vim25/%s\"" % (ident, version))
    w("int __vim25__%s(_vim25__%s *vim25__%s, _vim25__%sResponse &vim25__%sResponse);"
      % (ident, ident, ident, ident, ident))
    w("")


def newest(versions):
    return max(versions, key=lambda v: tuple(int(x) for x in v.split(".")))


def main(argv):
    if len(argv) != 6:
        raise SystemExit(__doc__)
    pyvmomi, methods_txt, types_txt, out_header, out_faults = argv[1:]
    tables = Tables()
    for name in ("CoreTypes.py", "QueryTypes.py", "ServerObjects.py"):
        tables.load("%s/%s" % (pyvmomi, name))
    tables.add_builtins()

    subset = Subset(tables)
    methods = read_list(methods_txt)
    for name in methods:
        if name not in tables.methods:
            raise SystemExit("methods.txt: %s is not a vim25 method" % name)
        params, result = tables.methods[name]
        for p in public(params):
            subset.field(p[0], p[1], p[3])
        if result[1] != "void":
            subset.field("returnval", result[1], result[0])
    for name in read_list(types_txt):
        subset.want_listed(name)
    subset.close()

    header, faults = emit(tables, subset, methods, newest(tables.versions))
    with open(out_header, "w", encoding="utf-8") as f:
        f.write(header)
    # X-macro list of the faults with a detail member, for code that walks the detail.
    with open(out_faults, "w", encoding="utf-8") as f:
        f.write("// Generated by vim25_subset.py: every fault type in the subset.\n")
        f.writelines("VIM25_FAULT(%s)\n" % wsdl for wsdl in faults)
    print("vim25 subset: %d methods, %d data types (%d faults), %d enum wrappers, %d arrays"
          % (len(methods), len(subset.types), len(faults), len(subset.enum_values),
             len(subset.arrays)))


if __name__ == "__main__":
    main(sys.argv)
