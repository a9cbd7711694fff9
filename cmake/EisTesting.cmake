# eis_add_test_dir(NAME DIR): every *_test.cpp in DIR becomes part of the test executable
# test_NAME (ctest label NAME); every *_slow_test.cpp goes into test_NAME_slow, labelled `slow`
# and NAME (run once, in Release, by CI; `ctest -LE slow` skips them, `ctest -L NAME` includes
# them). New test files need no CMake edit.
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
    # gtest_discover_tests passes PROPERTIES on as one flat list, so LABELS "slow;${name}"
    # would become LABELS slow plus a stray argument: discover with `slow`, then a ctest
    # include file that runs after the discovered tests' one sets both labels on them.
    gtest_discover_tests(test_${name}_slow WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                         TEST_LIST test_${name}_slow_tests
                         PROPERTIES LABELS slow DISCOVERY_TIMEOUT 60)
    set(labels_file ${CMAKE_CURRENT_BINARY_DIR}/test_${name}_slow_labels.cmake)
    file(WRITE ${labels_file}
         "if(test_${name}_slow_tests)\n"
         "  set_tests_properties(\${test_${name}_slow_tests} PROPERTIES LABELS \"slow;${name}\")\n"
         "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${labels_file})
  endif()
endfunction()
