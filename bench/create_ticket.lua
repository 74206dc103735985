-- wrk script: each request opens a ticket for one of many customers.
local counter = 0
request = function()
   counter = counter + 1
   local body = string.format(
      '{"subject":"Benchmark ticket %d","body":"My order has not arrived and I am getting worried.","customer":{"email":"bench%d@example.com","name":"Bench %d"},"priority":"normal","tags":["bench"]}',
      counter, counter % 5000, counter % 5000)
   return wrk.format("POST", "/api/tickets", {["Content-Type"] = "application/json",
      ["Authorization"] = wrk.headers["Authorization"]}, body)
end
