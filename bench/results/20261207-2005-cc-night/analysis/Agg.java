import java.nio.file.*;
import java.util.*;
import jdk.jfr.consumer.*;

/** Usage: Agg file.jfr mode [arg]. modes: incl PREFIX... (inclusive share of each frame-prefix, first match per stack);
 *  top N (self by method:line); callers METHOD N (stacks through METHOD, the frame below it); children METHOD N */
public class Agg {
  public static void main(String[] a) throws Exception {
    List<RecordedStackTrace> st = new ArrayList<>();
    String ev = null;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
      String n = e.getEventType().getName();
      if (n.equals("jdk.CPUTimeSample")) { if (e.getStackTrace()!=null) st.add(e.getStackTrace()); }
    }
    int total = st.size();
    System.out.println(total + " samples");
    String mode = a[1];
    if (mode.equals("top")) {
      Map<String,Integer> m = new HashMap<>();
      for (var s : st) { var f = s.getFrames().get(0); inc(m, name(f)+":"+f.getLineNumber()); }
      print(m, total, Integer.parseInt(a[2]));
    } else if (mode.equals("children")) {
      // for stacks containing method a[2], count the frame directly called from (nearest occurrence) it
      Map<String,Integer> m = new HashMap<>(); int through=0;
      for (var s : st) { var fr = s.getFrames();
        for (int i = fr.size()-1; i >= 0; i--) { if (name(fr.get(i)).startsWith(a[2])) { through++;
            inc(m, i==0 ? "<self>" : name(fr.get(i-1))); break; } } }
      System.out.printf("through %s: %.1f %%%n", a[2], 100.0*through/total);
      print(m, total, Integer.parseInt(a[3]));
    } else if (mode.equals("incl")) {
      for (int k = 2; k < a.length; k++) { int c=0; for (var s: st) for (var f: s.getFrames()) if (name(f).startsWith(a[k])) { c++; break; }
        System.out.printf("%6.1f %%  %s%n", 100.0*c/total, a[k]); }
    } else if (mode.equals("buckets")) {
      // args: label=prefix|prefix ...; a sample goes to the first bucket (in order) whose prefix is in the stack;
      // a prefix starting with ^ must be the top frame
      Map<String,Integer> m = new LinkedHashMap<>();
      for (int k=2;k<a.length;k++) m.put(a[k].split("=")[0], 0); m.put("<rest>",0);
      for (var s: st) { String hit="<rest>"; var fr = s.getFrames();
        search: for (int k=2;k<a.length;k++) { String[] kv=a[k].split("=",2); for (String p: kv[1].split("\\|")) {
          if (p.startsWith("^")) { if (name(fr.get(0)).startsWith(p.substring(1))) { hit=kv[0]; break search; } }
          else for (var f: fr) if (name(f).startsWith(p)) { hit=kv[0]; break search; } } }
        m.merge(hit,1,Integer::sum); }
      m.forEach((k,v)->System.out.printf("%6.1f %%  %s%n", 100.0*v/total, k));
    } else if (mode.equals("ibuckets")) {
      // like buckets, but the innermost frame matching any bucket's prefix decides (^ = top frame only)
      Map<String,Integer> m = new LinkedHashMap<>();
      for (int k=2;k<a.length;k++) m.put(a[k].split("=")[0], 0); m.put("<rest>",0);
      for (var s: st) { String hit="<rest>"; var fr = s.getFrames();
        search: for (int i=0;i<fr.size();i++) { String n = name(fr.get(i));
          for (int k=2;k<a.length;k++) { String[] kv=a[k].split("=",2); for (String p: kv[1].split("\\|")) {
            boolean top = p.startsWith("^"); String q = top ? p.substring(1) : p;
            if ((!top || i==0) && n.startsWith(q)) { hit=kv[0]; break search; } } } }
        m.merge(hit,1,Integer::sum); }
      m.forEach((k,v)->System.out.printf("%6.1f %%  %s%n", 100.0*v/total, k));
    } else if (mode.equals("innermost")) {
      // attribute each sample to the innermost frame matching one of the prefixes a[3..] under a[2] filter (or '-')
      Map<String,Integer> m = new HashMap<>();
      for (var s: st) { String hit = "<none>"; outer: for (var f: s.getFrames()) { String n = name(f); for (int k=3;k<a.length;k++) if (n.startsWith(a[k])) { hit = n; break outer; } }
        inc(m, hit); }
      print(m, total, Integer.parseInt(a[2]));
    }
  }
  static String name(RecordedFrame f) { var m = f.getMethod(); return m.getType().getName()+"."+m.getName(); }
  static void inc(Map<String,Integer> m, String k) { m.merge(k, 1, Integer::sum); }
  static void print(Map<String,Integer> m, int total, int n) {
    m.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(n).forEach(e -> System.out.printf("%6.1f %%  %s%n", 100.0*e.getValue()/total, e.getKey()));
  }
}
