#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "bundle/sip.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_mets),
		cmocka_unit_test(test_read_mets_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
