# Fails unless the dynamic symbols that LIBRARY defines are exactly the versioned eis_* functions
# listed in SYMBOLS (name@@node, e.g. eis_fit@@EIS_C_1; nothing missing, moved to another node or
# added without listing it) plus the version nodes EIS_C_<n>[.<m>], and every function HEADER
# declares with EIS_C_EXPORT is exported.
# Usage: cmake -DLIBRARY=path/libeis_c.so -DHEADER=path/eis.h -DSYMBOLS=path/exported_symbols.txt
#              -P check_exports.cmake
cmake_policy(SET CMP0057 NEW)  # if(... IN_LIST ...) in script mode
find_program(NM nm REQUIRED)
execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY} OUTPUT_VARIABLE out
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIBRARY}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(exported "")
foreach(line IN LISTS lines)
  if(line MATCHES "^[0-9a-fA-F]* +[A-Za-z] +([^ ]+)$")
    set(versioned ${CMAKE_MATCH_1})
    string(REGEX REPLACE "@.*" "" symbol "${versioned}")
    if(symbol MATCHES "^eis_")
      list(APPEND exported ${versioned})
    elseif(NOT symbol MATCHES "^EIS_C_[0-9]+(\\.[0-9]+)?$")
      message(FATAL_ERROR "${LIBRARY} exports ${symbol}, which is not part of the C API")
    endif()
  endif()
endforeach()
file(STRINGS ${SYMBOLS} listed REGEX "^eis_")
foreach(symbol IN LISTS listed)
  if(NOT symbol IN_LIST exported)
    message(FATAL_ERROR "${LIBRARY} does not export ${symbol} (listed in ${SYMBOLS})")
  endif()
endforeach()
foreach(symbol IN LISTS exported)
  if(NOT symbol IN_LIST listed)
    message(FATAL_ERROR "${LIBRARY} exports ${symbol}, not listed in ${SYMBOLS}")
  endif()
endforeach()
list(LENGTH exported count)
file(STRINGS ${HEADER} declared REGEX "^EIS_C_EXPORT ")
list(LENGTH declared expected)
if(NOT count EQUAL expected)
  message(FATAL_ERROR "${LIBRARY} exports ${count} eis_* symbols, ${HEADER} declares ${expected}")
endif()
message(STATUS "${count} eis_* symbols exported as listed, nothing else")
