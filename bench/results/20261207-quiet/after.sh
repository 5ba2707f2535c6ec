j=$(pgrep -P $SERVER_PID java || true); SERVER_PID=${j:-$SERVER_PID}
grep -E 'VmRSS|RssAnon|RssFile' /proc/$SERVER_PID/status >$OUT/rss-parts.txt
