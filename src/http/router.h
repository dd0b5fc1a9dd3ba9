// Router: dispatches a Request to the handler registered for its method and path pattern.
//
// Patterns are absolute paths whose segments are literals or parameters:
//   "/api/v1/filings/{id}/submit"   `{id}` matches one whole (decoded) segment, never empty
//   "/ui/{path...}"                 a final `{name...}` matches the rest of the path, zero or
//                                   more segments, joined with '/' ("" for "/ui/" or "/ui")
// When several patterns match a path, the most specific wins: comparing segment by segment, a
// literal beats a parameter, which beats a rest parameter. Methods compare exactly ("GET").
//
// Answers: a matching route → its handler (params filled in req.params); HEAD with no HEAD route
// → the GET route (the server drops the body of a response to HEAD and keeps its
// Content-Length); a path no route matches → 404 problem; a path some route matches but not for
// this method → 405 problem with an Allow header listing the methods (HEAD whenever GET).
//
// Build the router completely (Add) before serving; after that operator() is const and may run
// concurrently on many threads. Copyable and movable; a Router is itself a Handler.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "http/message.h"

namespace kikan::http {

class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
  };

  // Registers `handler` for `method` and `pattern`. Pattern and method are programmer input:
  // KIKAN_CHECKs that the method is a non-empty token, that the pattern starts with '/', that a
  // parameter is a whole segment with a unique non-empty name, that `{name...}` is last, and that
  // no route with the same method has the same shape (the same literals and parameter positions).
  void Add(std::string method, std::string pattern, Handler handler);

  // Dispatches `req` (method and segments must be set, as MakeRequest or the server does).
  // Does not catch what a handler throws (the server does).
  Response operator()(Request& req) const;

  // Every registered route, in registration order (for tests that visit each endpoint).
  std::vector<Route> Routes() const;

 private:
  struct Segment {
    enum Kind { kLiteral, kParam, kRest } kind;
    std::string text;  // the literal, or the parameter's name
  };
  struct Entry {
    Route route;
    std::vector<Segment> segments;
    Handler handler;
  };

  // Whether `entry` matches `segments`; fills `params` when it does.
  static bool Match(const Entry& entry, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>* params);
  // True if `a` is more specific than `b`.
  static bool MoreSpecific(const Entry& a, const Entry& b);

  std::vector<Entry> entries_;
};

}  // namespace kikan::http
