# Writes the schema file as a C++ string constant (see engine/embedded_schema.h).
file(READ ${INPUT} content)
file(WRITE ${OUTPUT} "#include \"engine/embedded_schema.h\"\n\nnamespace vcshift {\nconst std::string_view kDesiredStateSchema = R\"vcshift_schema(${content})vcshift_schema\";\n}\n")
