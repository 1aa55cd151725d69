/* Replays inputs through a fuzz target's LLVMFuzzerTestOneInput without libFuzzer, so that
 * `make test` checks the saved regressions with the ordinary compiler:
 *   replay_<target> FILE...   prints PASS/FAIL per file (a crash ends the run: the runner
 *   counts that as a failure). */
#include "fuzz.h"

int main(int argc, char **argv)
{
    int failed = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            printf("FAIL %s: cannot open\n", argv[i]);
            failed = 1;
            continue;
        }
        size_t cap = 1 << 16, n = 0, got;
        uint8_t *buf = malloc(cap);
        while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
            n += got;
            if (n == cap) {
                uint8_t *nb = realloc(buf, cap *= 2);
                if (!nb) {
                    free(buf);
                    buf = NULL;
                }
                buf = nb;
            }
        }
        fclose(fp);
        if (!buf) {
            printf("FAIL %s: out of memory\n", argv[i]);
            failed = 1;
            continue;
        }
        /* an exact-size copy, so that the sanitizers see reads past the input */
        uint8_t *exact = malloc(n ? n : 1);
        memcpy(exact, buf, n);
        free(buf);
        LLVMFuzzerTestOneInput(exact, n);
        free(exact);
        printf("PASS %s\n", argv[i]);
    }
    return failed;
}
