// A small blocking HTTP/1.1 client for the API tests: one TCP connection per
// request to 127.0.0.1, POSIX sockets, no Beast. It sends the request with a
// Content-Length and reads the response honouring Content-Length, chunked
// transfer encoding or end of stream.
// Thread-compatible: no shared state. Failures (cannot connect, timeout,
// malformed response) throw std::runtime_error.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace fk::apitest {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  Headers headers;  // names lower-case, in the order received
  std::string body;

  // The first header with this (case-insensitive) name, or "".
  std::string Header(std::string_view name) const;
  // Every header with this name (Set-Cookie comes several times).
  std::vector<std::string> HeaderAll(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // The body parsed as JSON; a discarded value when it is not JSON.
  nlohmann::json Json() const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  Headers headers;  // sent as given; Host, Content-Length and Connection are added
};

// Sends one request and reads the whole response.
HttpResponse Send(int port, const HttpRequest& request, int timeout_ms = 30000);

// Sends raw bytes and returns the parsed response (for targets the normal
// path would not produce, such as dot segments).
HttpResponse SendRaw(int port, const std::string& raw, int timeout_ms = 30000);

// Percent-encodes a query parameter value (UTF-8 bytes).
std::string UrlEncode(std::string_view s);

}  // namespace fk::apitest
