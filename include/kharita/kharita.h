/* kharita: Arabic news reports about Syria -> places, casualties, dates -> maps and layers.
 * This header includes the whole public API. */
#ifndef KHARITA_KHARITA_H
#define KHARITA_KHARITA_H

#define KHARITA_VERSION "0.1.0"

#include "kharita/error.h"
#include "kharita/date.h"
#include "kharita/files.h"
#include "kharita/text.h"
#include "kharita/gazetteer.h"
#include "kharita/numbers.h"
#include "kharita/extract.h"
#include "kharita/aggregate.h"
#include "kharita/store.h"
#include "kharita/map.h"

#endif
