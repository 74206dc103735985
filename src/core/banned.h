#ifndef AT_BANNED_H
#define AT_BANNED_H

/*
 * Functions that are easy to misuse. Including this header last in a .c file
 * turns any use of them into a compile error. Use at_buf, snprintf, strtok_r
 * or the at_str helpers instead.
 */

#define AT_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) AT_BANNED(strcpy)
#undef strcat
#define strcat(x, y) AT_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) AT_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) AT_BANNED(strncat)
#undef sprintf
#define sprintf(...) AT_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) AT_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) AT_BANNED(strtok)
#undef gets
#define gets(x) AT_BANNED(gets)
#undef atoi
#define atoi(x) AT_BANNED(atoi)
#undef gmtime
#define gmtime(t) AT_BANNED(gmtime)
#undef localtime
#define localtime(t) AT_BANNED(localtime)
#undef ctime
#define ctime(t) AT_BANNED(ctime)
#undef asctime
#define asctime(t) AT_BANNED(asctime)

#endif
