# The gSOAP vim25 client, generated at build time and never committed:
#   providers/vsphere/gen/vim25_subset.py (pyVmomi's tables, methods.txt, types.txt)
#     -> vim25.h -> soapcpp2 -> soapC.cpp, soapClient.cpp, soapH.h, soapStub.h
# The generated code is an object library of its own, compiled without our warning flags,
# without optimisation and without debug information: soapC.cpp is 6 MB of serializers.
# Measured on this project's subset (815 classes): -O0 compiles in 26 s, -O1 in 42 s,
# -O2 in 83 s; parsing 32 MB of host network configuration (5,000 hosts) takes 0.35 s
# at -O0 and 0.25 s at -O1, nothing next to the network.
#
# Defines the target vcshift_vim25 (the generated code plus libgsoapssl++) and
# VCSHIFT_VIM25_DIR, where the generated headers are.

find_package(PkgConfig REQUIRED)
# libgsoapssl++ is built with WITH_OPENSSL, WITH_GZIP, WITH_DOM and WITH_IPV6; struct
# soap's layout depends on them, so every user must be compiled with the same flags,
# which the pkg-config target carries.
pkg_check_modules(GSOAPSSL REQUIRED IMPORTED_TARGET gsoapssl++)
find_program(VCSHIFT_SOAPCPP2 soapcpp2 REQUIRED)
# The system python3: the generator needs only its standard library.
find_program(VCSHIFT_PYTHON3 python3 HINTS /usr/bin REQUIRED)
set(VCSHIFT_PYVMOMI_DIR /usr/lib/python3/dist-packages/pyVmomi CACHE PATH
    "Where pyVmomi's CoreTypes.py, QueryTypes.py and ServerObjects.py are (python3-pyvmomi)")
set(VCSHIFT_GSOAP_IMPORT_DIR /usr/share/gsoap/import CACHE PATH "gSOAP's #import directory")

set(VCSHIFT_VIM25_DIR ${CMAKE_CURRENT_BINARY_DIR}/vim25 CACHE INTERNAL "The generated vim25 client")
set(gen ${CMAKE_CURRENT_SOURCE_DIR}/gen)
file(MAKE_DIRECTORY ${VCSHIFT_VIM25_DIR})

add_custom_command(
  OUTPUT ${VCSHIFT_VIM25_DIR}/vim25.h ${VCSHIFT_VIM25_DIR}/vim25_faults.inc
  COMMAND ${VCSHIFT_PYTHON3} ${gen}/vim25_subset.py ${VCSHIFT_PYVMOMI_DIR}
          ${gen}/methods.txt ${gen}/types.txt
          ${VCSHIFT_VIM25_DIR}/vim25.h ${VCSHIFT_VIM25_DIR}/vim25_faults.inc
  DEPENDS ${gen}/vim25_subset.py ${gen}/methods.txt ${gen}/types.txt
          ${VCSHIFT_PYVMOMI_DIR}/ServerObjects.py
  COMMENT "Generating the vim25 subset for soapcpp2"
  VERBATIM)

# -C client side only, -L no soapClientLib, -x no sample messages, -w no WSDL/schema.
# Plain soap_call_* functions (no -i/-j proxy classes): the connection owns its struct
# soap and calls them with the SOAPAction it negotiated.
add_custom_command(
  OUTPUT ${VCSHIFT_VIM25_DIR}/soapC.cpp ${VCSHIFT_VIM25_DIR}/soapClient.cpp
         ${VCSHIFT_VIM25_DIR}/soapH.h ${VCSHIFT_VIM25_DIR}/soapStub.h
         ${VCSHIFT_VIM25_DIR}/vim25.nsmap
  COMMAND ${VCSHIFT_SOAPCPP2} -C -L -x -w -I${VCSHIFT_GSOAP_IMPORT_DIR} -d ${VCSHIFT_VIM25_DIR}
          ${VCSHIFT_VIM25_DIR}/vim25.h 
  DEPENDS ${VCSHIFT_VIM25_DIR}/vim25.h
  COMMENT "soapcpp2: vim25 serializers and client calls"
  VERBATIM)

add_library(vcshift_vim25 OBJECT ${VCSHIFT_VIM25_DIR}/soapC.cpp ${VCSHIFT_VIM25_DIR}/soapClient.cpp)
target_compile_options(vcshift_vim25 PRIVATE -O0 -g0)
set_target_properties(vcshift_vim25 PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_include_directories(vcshift_vim25 SYSTEM PUBLIC ${VCSHIFT_VIM25_DIR})
target_link_libraries(vcshift_vim25 PUBLIC PkgConfig::GSOAPSSL OpenSSL::SSL OpenSSL::Crypto)

# The global namespaces[] table soapcpp2 writes as vim25.nsmap, compiled once. Written
# by file(CONFIGURE), which leaves an unchanged file alone: file(WRITE) touched it at every
# re-run of CMake, and the compile of its soapH.h followed.
file(CONFIGURE OUTPUT ${VCSHIFT_VIM25_DIR}/namespaces.cpp
     CONTENT "#include \"soapH.h\"\n#include \"vim25.nsmap\"\n" @ONLY)
target_sources(vcshift_vim25 PRIVATE ${VCSHIFT_VIM25_DIR}/namespaces.cpp)
