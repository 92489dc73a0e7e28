-- Draft saves as the autosave script sends them. Run wrk with as many threads as connections: each thread is one
-- connection and one organisation's invitation session, and chains its saves by the version each answer returns
-- (as the browser does). Saves alternate between two sets of values, so every save really writes every answer.
-- WRK_SAVE_SPEC names a file with one line per thread: cookie, CSRF token, path, version, body A, body B (tabs).
dofile(os.getenv("WRK_REPORT"))

local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
end

function init(args)
  local n = 0
  for line in io.lines(os.getenv("WRK_SAVE_SPEC")) do
    n = n + 1
    if n == thread_id then
      cookie, token, path, version, body_a, body_b = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    end
  end
  sent = 0
end

function request()
  sent = sent + 1
  local body = (sent % 2 == 1) and body_a or body_b
  body = body .. "&version=" .. version .. "&csrf_token=" .. token .. "&action=save"
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Autosave"] = "1",
    ["Accept"] = "application/json",
  }, body)
end

function response(status, headers, body)
  local saved = body:match('"version":%s*(%d+)')
  if saved then version = saved end
end
