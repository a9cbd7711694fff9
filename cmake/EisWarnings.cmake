# eis_set_warnings(target): the project's warning set, PRIVATE so it is never forced on users.
# EIS_WERROR=ON (used by CI) turns the warnings into errors.
function(eis_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wconversion -Wshadow
      -Wno-sign-conversion>
    # GCC 12 reports false -Wrestrict/-Wstringop-overflow on std::string code inlined at -O2
    # (GCC bug 105329); keep them as warnings so -Werror builds stay meaningful.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-error=restrict -Wno-error=stringop-overflow>)
  if(EIS_WERROR)
    target_compile_options(${target} PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Werror>)
  endif()
endfunction()
