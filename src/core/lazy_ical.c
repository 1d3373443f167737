/* libical, opened on its first call (lazylib.h): the functions sked
 * calls, each with libical's name and prototype, which ical.h declares
 * (so the compiler checks each against it) and which forward to
 * libical's. Found with `nm -D --undefined-only` of sked, the unit tests,
 * the fuzzers and the benchmarks that link the core, against libical's
 * exports; none is variadic, and sked reads none of libical's variables
 * (icalerrno is a function's result). A function missing here is a link
 * error, as the library is not linked. */
#include <libical/ical.h>

#include "sked/lazylib.h"

#define F(ret, name, params, args) LAZYLIB_FUNC(lazylib_ical, ret, name, params, args)
#define V(name, params, args) LAZYLIB_VOID(lazylib_ical, name, params, args)

F(void *, icalarray_element_at, (icalarray *a, size_t i), (a, i))
V(icalcomponent_free, (icalcomponent *c), (c))
F(icalproperty *, icalcomponent_get_first_property, (icalcomponent *c, icalproperty_kind k), (c, k))
F(icalproperty *, icalcomponent_get_next_property, (icalcomponent *c, icalproperty_kind k), (c, k))
F(icalcomponent_kind, icalcomponent_isa, (const icalcomponent *c), (c))
V(icalerror_clear_errno, (void), ())
F(const char *, icalparameter_get_cn, (const icalparameter *p), (p))
F(const char *, icalparameter_get_tzid, (const icalparameter *p), (p))
F(icalcomponent *, icalparser_parse_string, (const char *s), (s))
V(icalproperty_free, (icalproperty *p), (p))
F(struct icaltimetype, icalproperty_get_dtend, (const icalproperty *p), (p))
F(struct icaltimetype, icalproperty_get_dtstart, (const icalproperty *p), (p))
F(struct icaltimetype, icalproperty_get_exdate, (const icalproperty *p), (p))
F(icalparameter *, icalproperty_get_first_parameter, (icalproperty *p, icalparameter_kind k), (p, k))
F(const char *, icalproperty_get_property_name, (const icalproperty *p), (p))
F(struct icaltimetype, icalproperty_get_recurrenceid, (const icalproperty *p), (p))
F(struct icalrecurrencetype, icalproperty_get_rrule, (const icalproperty *p), (p))
F(icalvalue *, icalproperty_get_value, (const icalproperty *p), (p))
F(const char *, icalproperty_get_value_as_string, (const icalproperty *p), (p))
F(const char *, icalproperty_get_xlicerror, (const icalproperty *p), (p))
F(icalproperty *, icalproperty_new_from_string, (const char *s), (s))
V(icalrecur_iterator_free, (icalrecur_iterator *i), (i))
F(icalrecur_iterator *, icalrecur_iterator_new, (struct icalrecurrencetype r, struct icaltimetype t), (r, t))
F(struct icaltimetype, icalrecur_iterator_next, (icalrecur_iterator *i), (i))
F(int, icalrecur_iterator_set_start, (icalrecur_iterator *i, struct icaltimetype t), (i, t))
F(time_t, icaltime_as_timet_with_zone, (const struct icaltimetype t, const icaltimezone *z), (t, z))
F(struct icaltimetype, icaltime_from_timet_with_zone, (const time_t t, const int is_date, const icaltimezone *z), (t, is_date, z))
F(int, icaltime_is_null_time, (const struct icaltimetype t), (t))
F(int, icaltime_is_utc, (const struct icaltimetype t), (t))
F(struct icaltimetype, icaltime_null_time, (void), ())
V(icaltimezone_free, (icaltimezone *z, int free_struct), (z, free_struct))
/* Run at every exit (tz_cleanup): libical is not opened to free nothing. */
LAZYLIB_CLEANUP(lazylib_ical, icaltimezone_free_builtin_timezones)
F(icaltimezone *, icaltimezone_get_builtin_timezone, (const char *location), (location))
F(icalarray *, icaltimezone_get_builtin_timezones, (void), ())
F(const char *, icaltimezone_get_location, (icaltimezone *z), (z))
F(icaltimezone *, icaltimezone_get_utc_timezone, (void), ())
F(icaltimezone *, icaltimezone_new, (void), ())
F(int, icaltimezone_set_component, (icaltimezone *z, icalcomponent *c), (z, c))
/* For test-tz: tz_zone_dir() is libical's directory. */
F(const char *, icaltzutil_get_zone_directory, (void), ())
F(const char *, icalvalue_get_text, (const icalvalue *v), (v))
F(const char *, icalvalue_get_uri, (const icalvalue *v), (v))
F(const char *, icalvalue_get_x, (const icalvalue *v), (v))
F(icalvalue_kind, icalvalue_isa, (const icalvalue *v), (v))
