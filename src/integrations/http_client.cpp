#include "integrations/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

namespace lenzflow::integrations {

namespace {

using common::ErrorCode;
using common::MakeError;

constexpr std::chrono::milliseconds kMaxConnectTimeout{10000};

// How long one wait for socket activity may last when nothing else bounds it. A stop request
// wakes the wait at once (curl_multi_wakeup), so this only matters if a wakeup were lost.
constexpr int kPollIntervalMs = 1000;

std::once_flag g_init_once;
CURLcode g_init_result = CURLE_OK;

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct MultiDeleter {
    void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct ListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// ASCII only, on purpose: protocol elements are ASCII, and the C locale functions would follow
// whatever locale the process runs in.
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string ToLower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) c = AsciiLower(c);
    return lower;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return AsciiLower(x) == AsciiLower(y);
           });
}

std::string_view TrimSpace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// Parses `url` with curl's own parser, so what we check is what curl will connect to.
common::Result<UrlHandle> ParseUrl(std::string_view url, unsigned int flags) {
    UrlHandle handle(curl_url());
    if (!handle) return MakeError(ErrorCode::kInternal, "out of memory parsing a URL");

    // curl reads a C string; an embedded NUL would silently cut the URL short.
    if (url.find('\0') != std::string_view::npos) {
        return MakeError(ErrorCode::kInvalidArgument, "is malformed: contains a NUL byte");
    }
    const std::string text(url);
    const CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), flags);
    if (rc != CURLUE_OK) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("is malformed: {}", curl_url_strerror(rc)));
    }
    return handle;
}

// One component of a parsed URL, or "" when the URL has none.
std::string UrlPart(CURLU* url, CURLUPart part) {
    char* value = nullptr;
    if (curl_url_get(url, part, &value, 0) != CURLUE_OK || value == nullptr) return {};
    std::string result(value);
    curl_free(value);
    return result;
}

// Replaces, in a message from curl, any URL component that may be a credential. curl's messages
// name hosts and ports, not credentials, but they are not ours to audit on every upgrade. Short
// components are left alone: they cannot be worth hiding and would garble the message.
std::string ScrubUrlSecrets(std::string message, std::string_view url) {
    auto parsed = ParseUrl(url, CURLU_NON_SUPPORT_SCHEME);
    if (!parsed) return message;

    for (const CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS,
                                 CURLUPART_QUERY, CURLUPART_FRAGMENT}) {
        const std::string secret = UrlPart(parsed->get(), part);
        if (secret.size() < 4) continue;
        for (size_t at = message.find(secret); at != std::string::npos;
             at = message.find(secret, at + 3)) {
            message.replace(at, secret.size(), "***");
        }
    }
    return message;
}

// What the curl callbacks fill in during one transfer.
struct Transfer {
    HttpResponse response;
    size_t max_bytes = 0;
    size_t received = 0;  // status lines, headers and body so far; never above max_bytes
    bool too_large = false;
};

// Claims `size` more bytes of the response budget; false (and marks the transfer) when over.
bool Reserve(Transfer& transfer, size_t size) {
    if (size > transfer.max_bytes - transfer.received) {
        transfer.too_large = true;
        return false;
    }
    transfer.received += size;
    return true;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (!Reserve(transfer, bytes)) return 0;  // any short count makes curl abort the transfer

    transfer.response.body.append(data, bytes);
    return bytes;
}

// curl hands over one complete header line at a time, status lines included.
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const size_t bytes = size * count;
    if (!Reserve(transfer, bytes)) return 0;

    std::string_view line(data, bytes);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    auto& headers = transfer.response.headers;

    // Each response (an interim 100, a followed redirect) starts with its status line; only the
    // last response's headers describe the body we return.
    if (line.starts_with("HTTP/")) {
        headers.clear();
        return bytes;
    }
    if (line.empty()) return bytes;

    // Obsolete line folding: a continuation belongs to the previous header's value.
    if (line.front() == ' ' || line.front() == '\t') {
        if (!headers.empty()) {
            headers.back().second.append(" ").append(TrimSpace(line));
        }
        return bytes;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bytes;
    headers.emplace_back(ToLower(TrimSpace(line.substr(0, colon))),
                         std::string(TrimSpace(line.substr(colon + 1))));
    return bytes;
}

// Collects the first failing curl_easy_setopt, so a long list of options needs one check.
class OptionSetter {
public:
    explicit OptionSetter(CURL* handle) : handle_(handle) {}

    template <typename T>
    void Set(CURLoption option, T value) {
        if (result_ == CURLE_OK) result_ = curl_easy_setopt(handle_, option, value);
    }
    CURLcode result() const { return result_; }

private:
    CURL* handle_;
    CURLcode result_ = CURLE_OK;
};

bool HasHeader(const HttpRequest& request, std::string_view name) {
    return std::any_of(request.headers.begin(), request.headers.end(),
                       [&](const auto& header) { return EqualsIgnoreCase(header.first, name); });
}

// Checks what curl would otherwise pass through blindly: the method and header values end up
// verbatim in the request head, where CR or LF would let a value add headers of its own.
common::Status CheckRequest(const HttpRequest& request) {
    if (auto url = CheckHttpUrl(request.url); !url) {
        return MakeError(ErrorCode::kInvalidArgument, "URL " + url.error().message);
    }
    if (!IsHttpToken(request.method)) {
        return MakeError(ErrorCode::kInvalidArgument, "method is not a valid HTTP token");
    }
    if (request.method == "HEAD" && !request.body.empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "a HEAD request cannot carry a body");
    }
    for (const auto& [name, value] : request.headers) {
        if (!IsHttpToken(name)) {
            return MakeError(ErrorCode::kInvalidArgument, "a header name is not a valid token");
        }
        if (!IsValidHeaderValue(value)) {
            return MakeError(ErrorCode::kInvalidArgument,
                             fmt::format("header {} contains control characters", name));
        }
    }
    if (request.timeout.count() <= 0) {
        return MakeError(ErrorCode::kInvalidArgument, "timeout must be positive");
    }
    if (request.max_redirects < 0 || request.max_redirects > kMaxRedirects) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("max_redirects must be from 0 to {}", kMaxRedirects));
    }
    return common::Status::Ok();
}

// The request head as curl takes it. Beyond the caller's headers: no `Content-Type` unless the
// caller set one (curl would claim form data for every POST), and no `Expect: 100-continue`,
// which costs a round trip and stalls for a second against servers that ignore it.
common::Result<HeaderList> BuildHeaderList(const HttpRequest& request) {
    std::vector<std::string> lines;
    for (const auto& [name, value] : request.headers) {
        // "Name:" would tell curl to drop the header; "Name;" sends it with an empty value.
        lines.push_back(value.empty() ? name + ";" : name + ": " + value);
    }
    if (!HasHeader(request, "Content-Type")) lines.emplace_back("Content-Type:");
    if (!HasHeader(request, "Expect")) lines.emplace_back("Expect:");

    HeaderList list;
    for (const std::string& line : lines) {
        curl_slist* head = curl_slist_append(list.get(), line.c_str());
        if (head == nullptr) return MakeError(ErrorCode::kInternal, "out of memory");
        if (head != list.get()) list.reset(head);  // only the first append makes a new head
    }
    return list;
}

void SetMethodAndBody(OptionSetter& options, const HttpRequest& request) {
    const std::string& method = request.method;
    if (method == "HEAD") {
        options.Set(CURLOPT_NOBODY, 1L);
        return;
    }
    const bool sends_body =
        !request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (sends_body) {
        // POSTFIELDS borrows the buffer; `request` outlives the transfer.
        options.Set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        options.Set(CURLOPT_POSTFIELDS, request.body.data());
        if (method != "POST") options.Set(CURLOPT_CUSTOMREQUEST, method.c_str());
        return;
    }
    if (method == "GET") {
        options.Set(CURLOPT_HTTPGET, 1L);
        return;
    }
    options.Set(CURLOPT_CUSTOMREQUEST, method.c_str());
}

enum class Outcome { kDone, kCancelled, kFailed };

// Runs the transfer through a private multi handle instead of curl_easy_perform: the easy call
// only looks at cancellation from its progress callback, about once a second while the peer is
// silent, whereas curl_multi_wakeup ends a wait the moment stop is requested.
Outcome Perform(CURLM* multi, CURL* easy, const std::stop_token& stop, CURLcode& result) {
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) return Outcome::kFailed;

    Outcome outcome = Outcome::kDone;
    {
        // Declared inside the block so it is unregistered (and any running wakeup finished)
        // before the handle is removed and, later, the multi handle freed.
        const std::stop_callback wake(stop, [multi] { curl_multi_wakeup(multi); });
        int running = 1;
        while (true) {
            if (curl_multi_perform(multi, &running) != CURLM_OK) {
                outcome = Outcome::kFailed;
                break;
            }
            if (running == 0) break;
            if (stop.stop_requested()) {
                outcome = Outcome::kCancelled;
                break;
            }
            if (curl_multi_poll(multi, nullptr, 0, kPollIntervalMs, nullptr) != CURLM_OK) {
                outcome = Outcome::kFailed;
                break;
            }
        }
    }

    if (outcome == Outcome::kDone) {
        int queued = 0;
        while (const CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
                result = message->data.result;
            }
        }
    }
    curl_multi_remove_handle(multi, easy);
    return outcome;
}

}  // namespace

void InitHttpClient() {
    std::call_once(g_init_once, [] { g_init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
}

common::Result<HttpResponse> Send(const HttpRequest& request, const std::stop_token& stop) {
    InitHttpClient();
    // A malformed method is kept out of messages: it may hold CR or LF.
    const std::string where =
        fmt::format("{} {}", IsHttpToken(request.method) ? request.method : "(invalid method)",
                    RedactUrl(request.url));
    const auto fail = [&](ErrorCode code, std::string_view problem) {
        return MakeError(code, fmt::format("{}: {}", where, problem));
    };
    if (g_init_result != CURLE_OK) {
        return fail(ErrorCode::kInternal, curl_easy_strerror(g_init_result));
    }
    if (auto valid = CheckRequest(request); !valid) {
        return fail(ErrorCode::kInvalidArgument, valid.error().message);
    }
    if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "cancelled");

    const EasyHandle easy(curl_easy_init());
    const MultiHandle multi(curl_multi_init());
    if (!easy || !multi) return fail(ErrorCode::kInternal, "cannot create a curl handle");
    auto headers = BuildHeaderList(request);
    if (!headers) return fail(headers.error().code, headers.error().message);

    Transfer transfer;
    transfer.max_bytes = request.max_response_bytes;
    std::array<char, CURL_ERROR_SIZE> curl_message{};
    const auto timeout_ms = static_cast<long>(request.timeout.count());
    const auto connect_timeout_ms =
        static_cast<long>(std::min(request.timeout, kMaxConnectTimeout).count());

    // NOSIGNAL: curl must not use signals to time out name lookups in a threaded server. The
    // protocol lists keep a URL or a redirect from reaching file://, gopher:// and the like.
    OptionSetter options(easy.get());
    options.Set(CURLOPT_URL, request.url.c_str());
    options.Set(CURLOPT_NOSIGNAL, 1L);
    options.Set(CURLOPT_PROTOCOLS_STR, "http,https");
    options.Set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    options.Set(CURLOPT_FOLLOWLOCATION, request.max_redirects > 0 ? 1L : 0L);
    options.Set(CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
    options.Set(CURLOPT_TIMEOUT_MS, timeout_ms);
    options.Set(CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    options.Set(CURLOPT_USERAGENT, "lenzflow");
    options.Set(CURLOPT_HTTPHEADER, headers->get());
    options.Set(CURLOPT_ERRORBUFFER, curl_message.data());
    options.Set(CURLOPT_WRITEFUNCTION, &OnBody);
    options.Set(CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
    options.Set(CURLOPT_HEADERFUNCTION, &OnHeader);
    options.Set(CURLOPT_HEADERDATA, static_cast<void*>(&transfer));

    // Refuses a declared Content-Length over the limit before any body arrives; the callbacks
    // still count, for chunked bodies. Not for HEAD, whose Content-Length describes no body.
    // 0 would mean "no limit" to curl.
    if (request.method != "HEAD" && request.max_response_bytes > 0) {
        options.Set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_response_bytes));
    }
    SetMethodAndBody(options, request);
    if (options.result() != CURLE_OK) {
        return fail(ErrorCode::kInternal, curl_easy_strerror(options.result()));
    }

    CURLcode result = CURLE_OK;
    switch (Perform(multi.get(), easy.get(), stop, result)) {
        case Outcome::kDone:
            break;
        case Outcome::kCancelled:
            return fail(ErrorCode::kCancelled, "cancelled");
        case Outcome::kFailed:
            return fail(ErrorCode::kInternal, "curl multi interface failed");
    }

    if (transfer.too_large || result == CURLE_FILESIZE_EXCEEDED) {
        return fail(ErrorCode::kPayloadTooLarge,
                    fmt::format("response larger than {} bytes", request.max_response_bytes));
    }
    if (result != CURLE_OK) {
        const std::string detail =
            curl_message[0] != '\0' ? std::string(curl_message.data()) : curl_easy_strerror(result);
        const ErrorCode code =
            result == CURLE_OPERATION_TIMEDOUT ? ErrorCode::kTimeout : ErrorCode::kUnavailable;
        return fail(code, ScrubUrlSecrets(detail, request.url));
    }

    long status = 0;
    curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = status;
    return std::move(transfer.response);
}

common::Status CheckHttpUrl(std::string_view url) {
    // Any scheme parses, so that ftp:// gets the same answer as foo://.
    auto parsed = ParseUrl(url, CURLU_NON_SUPPORT_SCHEME);
    if (!parsed) return std::move(parsed).error();

    const std::string scheme = ToLower(UrlPart(parsed->get(), CURLUPART_SCHEME));
    if (scheme != "http" && scheme != "https") {
        return MakeError(ErrorCode::kInvalidArgument, "must be an http:// or https:// URL");
    }
    if (UrlPart(parsed->get(), CURLUPART_HOST).empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "must name a host");
    }
    return common::Status::Ok();
}

std::string RedactUrl(std::string_view url) {
    auto parsed = ParseUrl(url, CURLU_NON_SUPPORT_SCHEME);
    if (!parsed) return "(invalid URL)";

    CURLU* handle = parsed->get();
    const std::string port = UrlPart(handle, CURLUPART_PORT);
    return fmt::format("{}://{}{}{}", UrlPart(handle, CURLUPART_SCHEME),
                       UrlPart(handle, CURLUPART_HOST), port.empty() ? "" : ":" + port,
                       UrlPart(handle, CURLUPART_PATH));
}

bool IsHttpToken(std::string_view text) {
    static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return IsAsciiAlnum(c) || kSymbols.find(c) != std::string_view::npos;
    });
}

bool IsValidHeaderValue(std::string_view value) {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && byte != '\t') || byte == 0x7f;
    });
}

}  // namespace lenzflow::integrations
