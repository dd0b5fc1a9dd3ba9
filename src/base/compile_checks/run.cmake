# Checks that base::Text cannot be written with its two forms swapped: compiles the control
# (must succeed) and each negative case (must fail). Run by ctest as
#   cmake -DCXX=<compiler> -DINCLUDE=<include root> -DDIR=<this folder> -P run.cmake
function(compile file expect_ok)
  execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${EXTRA_INCLUDES} ${DIR}/${file}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(expect_ok AND NOT rc EQUAL 0)
    message(FATAL_ERROR "${file} should compile but did not:\n${err}")
  elseif(NOT expect_ok AND rc EQUAL 0)
    message(FATAL_ERROR "${file} compiled, but must not")
  endif()
  message(STATUS "${file}: as expected")
endfunction()
compile(text_named.cc TRUE)
compile(text_positional.cc FALSE)
compile(text_swapped.cc FALSE)
compile(status_two_strings.cc FALSE)
