# EIS_SANITIZE=address,undefined (or thread) instruments every target of this project.
if(EIS_SANITIZE)
  add_compile_options(-fsanitize=${EIS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${EIS_SANITIZE})
endif()
