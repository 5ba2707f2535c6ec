import java.nio.file.*;
import java.util.*;
import jdk.jfr.consumer.*;
/** Kids file.jfr METHOD N: like Agg children but using the innermost occurrence of METHOD */
public class Kids {
  public static void main(String[] a) throws Exception {
    Map<String,Integer> m = new HashMap<>(); int total=0, through=0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
      if (!e.getEventType().getName().equals("jdk.CPUTimeSample") || e.getStackTrace()==null) continue; total++;
      var fr = e.getStackTrace().getFrames();
      for (int i=0;i<fr.size();i++) { if (nm(fr.get(i)).equals(a[1])) { through++; m.merge(i==0?"<self>":nm(fr.get(i-1)),1,Integer::sum); break; } }
    }
    System.out.printf("through %s: %.1f %%%n", a[1], 100.0*through/total);
    final int t = total;
    m.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(Integer.parseInt(a[2])).forEach(x->System.out.printf("%6.1f %%  %s%n", 100.0*x.getValue()/t, x.getKey()));
  }
  static String nm(RecordedFrame f) { return f.getMethod().getType().getName()+"."+f.getMethod().getName(); }
}
