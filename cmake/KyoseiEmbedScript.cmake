# Script mode helper of kyosei_embed_text: writes the bytes of IN as a char array.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\n"
  "namespace kyosei::embedded {\nnamespace { constexpr char data[] = {${body} '\\0'}; }\n"
  "std::string_view ${SYMBOL}() { return {data, ${bytes}}; }\n}\n")
