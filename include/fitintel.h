/**
 * @file fitintel.h
 * @brief libfitintel: fitness intelligence over MapMyRun exports. Include this one header.
 */
#ifndef FITINTEL_H
#define FITINTEL_H

#include "fitintel/common.h"
#include "fitintel/version.h"
#include "fitintel/error.h"
#include "fitintel/store.h"
#include "fitintel/label.h"
#include "fitintel/config.h"
#include "fitintel/classify.h"
#include "fitintel/correction.h"
#include "fitintel/brief.h"
#include "fitintel/ingest.h"
#include "fitintel/workout.h"
#include "fitintel/sample.h"
#include "fitintel/date.h"
#include "fitintel/frame.h"
#include "fitintel/stats.h"
#include "fitintel/kmeans.h"
#include "fitintel/mixture.h"
#include "fitintel/consistency.h"
#include "fitintel/forecast.h"
#include "fitintel/era.h"
#include "fitintel/metric.h"
#include "fitintel/anomaly.h"
#include "fitintel/trend.h"
#include "fitintel/sql.h"
#include "fitintel/export.h"
#include "fitintel/summary.h"

#endif
