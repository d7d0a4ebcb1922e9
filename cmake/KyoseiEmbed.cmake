# kyosei_embed_text(OUT_CPP SYMBOL FILE): compiles FILE's bytes into a C++ source that
# defines `std::string_view SYMBOL()` in namespace kyosei::embedded. The file is re-read
# whenever it changes, so the binary's copy can never drift from the repository's.
function(kyosei_embed_text out_cpp symbol file)
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} -DIN=${file} -DOUT=${out_cpp} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/KyoseiEmbedScript.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/KyoseiEmbedScript.cmake
    COMMENT "Embedding ${file}")
endfunction()
