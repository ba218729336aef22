#include "testutil.h"

#include "../../core/fields.h"

static void
every_field_name_maps_back_to_its_field(void **state)
{
	(void)state;
	for (int f = 0; f < F_COUNT; f++)
		assert_int_equal(field_by_name(field_name((enum field)f)), f);
	assert_int_equal(field_by_name("nope"), -1);
}

static void
required_fields_are_those_of_design_section_3(void **state)
{
	int n = 0;

	(void)state;
	for (int f = 0; f < F_COUNT; f++)
		n += field_required((enum field)f);
	assert_int_equal(n, 4);
	assert_true(field_required(F_REF) && field_required(F_COMMUNE) &&
	    field_required(F_DATE_FACT) && field_required(F_PHENOMENON));
	assert_false(field_required(F_ZONE));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field_name_maps_back_to_its_field),
		cmocka_unit_test(required_fields_are_those_of_design_section_3),
	};
	return cmocka_run_group_tests_name("fields", tests, NULL, NULL);
}
