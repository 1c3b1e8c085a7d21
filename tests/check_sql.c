/* check_sql.c - placeholder: skipped until written. */
int main(void) { return 77; }
