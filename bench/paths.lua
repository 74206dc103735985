-- wrk script: cycles through the URLs in the file named by $BENCH_PATHS, one per line.
local paths = {}
local i = 0
init = function(args)
   for line in io.lines(os.getenv("BENCH_PATHS")) do
      paths[#paths + 1] = line
   end
end
request = function()
   i = i % #paths + 1
   return wrk.format("GET", paths[i])
end
