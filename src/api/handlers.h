// The route groups of the API (private to src/api/), each in its own file.
#pragma once

#include <boost/json.hpp>

#include "api/api.h"
#include "audit/verify.h"
#include "http/router.h"

namespace kikan::api {

// /api/v1/filings… and /api/v1/queue (filings_api.cc).
void AddFilingRoutes(http::Router& router, const ApiContext& ctx);
// /api/v1/designations/proposals, POST /api/v1/designations, …/revoke (register_api.cc).
void AddRegisterRoutes(http::Router& router, const ApiContext& ctx);
// /api/v1/regime… (regime_api.cc).
void AddRegimeRoutes(http::Router& router, const ApiContext& ctx);
// /api/v1/operators/{operator}/equipment|suppliers, /api/v1/equipment/{id} (equipment_api.cc).
void AddEquipmentRoutes(http::Router& router, const ApiContext& ctx);
// /api/v1/lab/… : the criteria lab (基準シミュレータ) — datasets, check, evaluate, calibrate,
// explain over the bundled datasets; public (lab_api.cc).
void AddLabRoutes(http::Router& router, const ApiContext& ctx);
// /api/v1/supply/… : the supply chain graph, scoped (supply_api.cc).
void AddSupplyRoutes(http::Router& router, const ApiContext& ctx);
// GET /api/openapi.json (openapi.cc).
http::Response OpenApiResponse();
// The JSON form of an audit verification (also `kikan audit verify --format json`).
boost::json::object VerifyReportJson(const audit::VerifyReport& report);

}  // namespace kikan::api
