// POST /api/v1/sources — multipart upload of one or more files plus the
// metadata fields kind (auto | interview | ticket | review | survey | note),
// participant, role, account, segment, occurred_at, interviewer — upload-wide
// or per file as files[N].participant and so on (see upload_fields.hpp) —
// unlabelled (true: a text file without speaker labels is stored as one
// participant's words) and study (an existing study's name or a new one,
// created on first use; none = "Unsorted").
//
// Files are streamed to a private temp folder as they arrive (never held in
// memory whole), then queued as a job (kind "upload", status "queued" until
// the server's one background writer reaches it) and ingested there one by
// one, each in its own transaction, with progress in the job (done/total =
// files, message names the current file, result.files lists the files
// finished so far). The same bytes uploaded twice at once: the second
// answers "already_stored". The job's result, and the response, hold one entry per
// file: {"name", "status": "stored" | "already_stored" | "rejected",
// "sources", "excerpts", "source_ids", "format", "warnings", "error": {kind, message},
// "attributions": who its sources were attributed to (see ingest_bridge.hpp)}.
//
// ?async=1 (the browser UI): answers 202 {"job": {...}} as soon as the bytes
// are received; poll GET /api/v1/jobs/{id}. Otherwise the request waits and
// answers 200 {"job_id", "files": [...]} — or, when every file was rejected
// for the same reason kind, that kind's status (415 unsupported format, 400
// invalid input) with {"error", "files"}.
// A body over ServerOptions::max_upload_bytes is a 413 naming the limit; a
// non-multipart body is a 415.
#pragma once

#include <httplib.h>

#include "server/route_context.hpp"

namespace grounded::server {

void handle_upload(RouteContext& context, const httplib::Request& req, httplib::Response& res,
                   const httplib::ContentReader& reader);

}  // namespace grounded::server
