/* The map projection (Lambert conformal conic fitted to Syria) through PROJ. */
#include <math.h>
#include <stdlib.h>

#include <proj.h>

#include "output/output_int.h"

/* Standard parallels 33°N and 37°N bracket Syria (32.3°N–37.3°N): scale error stays under
 * 0.3% across the country, and meridians converge as on a globe. */
#define MAP_PROJ "+proj=lcc +lat_1=33 +lat_2=37 +lat_0=35 +lon_0=38.5 +ellps=WGS84 +units=m +no_defs"

struct out_proj {
    PJ_CONTEXT *ctx;
    PJ *pj;
};

const char *out_proj_definition(void)
{
    return MAP_PROJ;
}

out_proj *out_proj_new(kh_error *err)
{
    out_proj *p = calloc(1, sizeof *p);
    if (!p) {
        kh_error_set(err, KH_E_NOMEM, "map projection: out of memory");
        return NULL;
    }
    p->ctx = proj_context_create();
    if (!p->ctx) {
        kh_error_set(err, KH_E_NOMEM, "map projection: cannot create a PROJ context");
        goto fail;
    }
    proj_log_level(p->ctx, PJ_LOG_NONE);
    p->pj = proj_create(p->ctx, MAP_PROJ);
    if (!p->pj) {
        kh_error_set(err, KH_E_INPUT, "map projection '%s': %s", MAP_PROJ,
                     proj_context_errno_string(p->ctx, proj_context_errno(p->ctx)));
        goto fail;
    }
    return p;
fail:
    out_proj_free(p);
    return NULL;
}

void out_proj_free(out_proj *p)
{
    if (!p)
        return;
    if (p->pj)
        proj_destroy(p->pj);
    if (p->ctx)
        proj_context_destroy(p->ctx);
    free(p);
}

/* One direction for N points stored as x[i*stride], y[i*stride] (stride in doubles). */
static int trans(out_proj *p, PJ_DIRECTION dir, double *x, double *y, size_t stride, size_t n,
                 kh_error *err)
{
    if (n == 0)
        return 0;
    if (dir == PJ_FWD)
        for (size_t i = 0; i < n; i++) {
            x[i * stride] = proj_torad(x[i * stride]);
            y[i * stride] = proj_torad(y[i * stride]);
        }
    proj_errno_reset(p->pj);
    size_t done = proj_trans_generic(p->pj, dir, x, stride * sizeof(double), n, y,
                                     stride * sizeof(double), n, NULL, 0, 0, NULL, 0, 0);
    int e = proj_errno(p->pj);
    if (done != n || e) {
        return kh_error_set(err, KH_E_INPUT, "map projection: %s",
                            proj_context_errno_string(p->ctx, e ? e : PROJ_ERR_COORD_TRANSFM));
    }
    if (dir == PJ_INV)
        for (size_t i = 0; i < n; i++) {
            x[i * stride] = proj_todeg(x[i * stride]);
            y[i * stride] = proj_todeg(y[i * stride]);
        }
    return 0;
}

int out_proj_fwd(out_proj *p, double *x, double *y, size_t stride, size_t n, kh_error *err)
{
    return trans(p, PJ_FWD, x, y, stride, n, err);
}

int out_proj_inv(out_proj *p, double *x, double *y, size_t stride, size_t n, kh_error *err)
{
    return trans(p, PJ_INV, x, y, stride, n, err);
}

int out_proj_point(out_proj *p, double lon, double lat, double *x, double *y)
{
    double a = lon, b = lat;
    if (trans(p, PJ_FWD, &a, &b, 1, 1, NULL) || !isfinite(a) || !isfinite(b))
        return -1;
    *x = a;
    *y = b;
    return 0;
}
