// Where a request really comes from, and over what: the peer's address and
// whether the browser used HTTPS. Behind a reverse proxy these are the
// proxy's own, so X-Forwarded-For and X-Forwarded-Proto are read — but only
// from the one address given as --trusted-proxy; from anyone else they are
// ignored, since any client can send them.
#pragma once

#include <httplib.h>

#include <string>

namespace grounded::server {

struct TransportSettings {
  bool tls = false;            // this server terminates TLS itself (--tls-cert/--tls-key)
  std::string trusted_proxy;   // the reverse proxy's address, or "" for none
};

// The client's address: the last X-Forwarded-For entry (the one the trusted
// proxy appended) when the peer is the trusted proxy, else the peer.
std::string client_address(const httplib::Request& req, const TransportSettings& transport);

// True when the browser reached us over HTTPS: our own TLS, or the trusted
// proxy's `X-Forwarded-Proto: https`.
bool client_uses_https(const httplib::Request& req, const TransportSettings& transport);

}  // namespace grounded::server
