# The material's Swedish passes hunspell with Debian's Swedish dictionary:
# unknown words at most 1.5 % of all words (tests/spelling/README.md).
bash tests/spelling/check-spelling.sh material
