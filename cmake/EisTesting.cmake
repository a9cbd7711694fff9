# eis_add_test_dir(NAME DIR): every *_test.cpp in DIR becomes part of the test executable
# test_NAME; every *_slow_test.cpp goes into test_NAME_slow, labelled `slow` (run once, in
# Release, by CI; `ctest -LE slow` skips them). New test files need no CMake edit.
include(GoogleTest)
option(EIS_BUILD_SLOW_TESTS "Build the slow statistical tests (label slow; CI runs them once, in Release)" ON)
function(eis_add_test_dir name dir)
  file(GLOB all_sources CONFIGURE_DEPENDS ${dir}/*_test.cpp)
  file(GLOB slow_sources CONFIGURE_DEPENDS ${dir}/*_slow_test.cpp)
  set(fast_sources ${all_sources})
  if(slow_sources)
    list(REMOVE_ITEM fast_sources ${slow_sources})
  endif()
  if(fast_sources)
    add_executable(test_${name} ${fast_sources})
    target_link_libraries(test_${name} PRIVATE eis::eis eis_test_support GTest::gtest_main)
    eis_set_warnings(test_${name})
    gtest_discover_tests(test_${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                         PROPERTIES LABELS "${name}" DISCOVERY_TIMEOUT 60)
  endif()
  if(slow_sources AND EIS_BUILD_SLOW_TESTS)
    add_executable(test_${name}_slow ${slow_sources})
    target_link_libraries(test_${name}_slow PRIVATE eis::eis eis_test_support GTest::gtest_main)
    eis_set_warnings(test_${name}_slow)
    gtest_discover_tests(test_${name}_slow WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                         PROPERTIES LABELS "slow;${name}" DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
