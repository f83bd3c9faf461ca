#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/util.h"
#include "bundle/sip.h"
#include "bundle/zipwrite.h"

static const char mets_text[] =
	"<?xml version=\"1.0\"?>\n"
	"<mets xmlns=\"http://www.loc.gov/METS/\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
	"  <dmdSec ID=\"d\"><mdRef LOCTYPE=\"URL\" xlink:href=\"metadata/dc.xml\" MDTYPE=\"DC\" SIZE=\"12\"\n"
	"    CHECKSUM=\"AB\" CHECKSUMTYPE=\"SHA-256\"/></dmdSec>\n"
	"  <fileSec><fileGrp><file ID=\"f\" SIZE=\"x7\">\n"
	"    <FLocat LOCTYPE=\"URL\" xlink:href=\"representations/rep1/data/a.pdf\"/>\n"
	"  </file></fileGrp></fileSec>\n"
	"  <other xmlns=\"urn:x\"><mdRef xlink:href=\"not-mets\"/></other>\n"
	"</mets>\n";

/* mdRef and fileSec files come back in document order with their facts;
 * an element of another namespace that happens to be called mdRef does not. */
static void test_read_mets(void **state)
{
	(void)state;
	sip_ref *refs = NULL;
	size_t n = 0;
	char *err = NULL;
	assert_int_equal(sip_read_mets(mets_text, strlen(mets_text), &refs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(refs[0].href, "metadata/dc.xml");
	assert_int_equal(refs[0].size, 12);
	assert_string_equal(refs[0].checksum, "AB");
	assert_string_equal(refs[0].checksum_type, "SHA-256");
	assert_int_equal(refs[0].line, 4); /* libxml2 counts where the start tag ends */
	assert_string_equal(refs[1].href, "representations/rep1/data/a.pdf");
	assert_int_equal(refs[1].size, -1); /* "x7" is not a size */
	assert_null(refs[1].checksum);
	assert_int_equal(refs[1].line, 6);
	sip_refs_free(refs, n);
}

static void test_read_mets_rejects(void **state)
{
	(void)state;
	sip_ref *refs = NULL;
	size_t n = 0;
	char *err = NULL;
	const char *broken = "<mets xmlns=\"http://www.loc.gov/METS/\"><fileSec>";
	assert_int_equal(sip_read_mets(broken, strlen(broken), &refs, &n, &err), -1);
	assert_non_null(strstr(err, "not well-formed XML"));
	assert_null(refs);
	free(err);
	err = NULL;
	const char *other = "<root/>";
	assert_int_equal(sip_read_mets(other, strlen(other), &refs, &n, &err), -1);
	assert_non_null(strstr(err, "not METS"));
	free(err);
	/* An entity defined in an internal subset is not expanded into a
	 * billion copies: the parse either fails or stays small. */
	const char *laughs = "<!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	                     "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
	                     "<mets xmlns=\"http://www.loc.gov/METS/\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
	                     "<dmdSec><mdRef xlink:href=\"&c;\"/></dmdSec></mets>";
	err = NULL;
	if (sip_read_mets(laughs, strlen(laughs), &refs, &n, &err) == 0) {
		assert_int_equal(n, 1);
		assert_true(!refs[0].href || strlen(refs[0].href) < 10000);
		sip_refs_free(refs, n);
	}
	free(err);
}

/* The same members give the same bytes, and libzip reads them back under
 * the top directory. */
static void test_zipwrite(void **state)
{
	(void)state;
	zip_member m[2] = { { "a.txt", "alpha\n", 6 }, { "d/b.txt", "beta\n", 5 } };
	unsigned char *z1 = NULL, *z2 = NULL;
	size_t n1 = 0, n2 = 0;
	char *err = NULL;
	assert_int_equal(zipwrite_build("top", m, 2, 1735689600, &z1, &n1, &err), 0);
	assert_int_equal(zipwrite_build("top", m, 2, 1735689600, &z2, &n2, &err), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(z1, z2, n1);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(z1, n1, 0, &ze);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), 2);
	assert_string_equal(zip_get_name(za, 1, 0), "top/d/b.txt");
	zip_stat_t st;
	assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
	assert_int_equal(st.size, 6);
	zip_close(za);
	zip_error_fini(&ze);
	free(z1);
	free(z2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_mets),
		cmocka_unit_test(test_read_mets_rejects),
		cmocka_unit_test(test_zipwrite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
