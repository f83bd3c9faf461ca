/* The table of Swedish word forms (tools/lexicon.c writes it at build
 * time; typeset/compounds reads it), as read-only data: it is paged in
 * from the program file where a lookup touches it, never copied. */
	.section .rodata
	.balign 64
	.globl hejapack_lexicon_sv
	.type hejapack_lexicon_sv, @object
hejapack_lexicon_sv:
	.incbin LEXICON_FILE
	.globl hejapack_lexicon_sv_end
hejapack_lexicon_sv_end:
	.size hejapack_lexicon_sv, hejapack_lexicon_sv_end - hejapack_lexicon_sv
	.section .note.GNU-stack,"",@progbits
