/* fl_format.h - placeholder, being written. */
#ifndef FL_FORMAT_H
#define FL_FORMAT_H
struct fl_format_builtin { const char *name; const char *json; };
extern const struct fl_format_builtin fl_format_builtins[];
#endif
