import java.nio.file.*;
import java.util.*;
import jdk.jfr.consumer.*;
/** Callers file.jfr METHODPREFIX N: for samples with METHODPREFIX in the stack, the first frame outside its class prefix (caller), and top frame line/bci */
public class Callers {
  public static void main(String[] a) throws Exception {
    Map<String,Integer> callers = new HashMap<>(), tops = new HashMap<>(); int total=0, hit=0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
      if (!e.getEventType().getName().equals("jdk.CPUTimeSample") || e.getStackTrace()==null) continue; total++;
      var fr = e.getStackTrace().getFrames();
      for (int i=0;i<fr.size();i++) if (nm(fr.get(i)).startsWith(a[1])) { hit++;
          int j=i; while (j<fr.size() && (nm(fr.get(j)).startsWith("ch.qos") || nm(fr.get(j)).startsWith("org.slf4j"))) j++;
          callers.merge(j<fr.size()? nm(fr.get(j)):"?", 1, Integer::sum);
          tops.merge(nm(fr.get(0))+":"+fr.get(0).getLineNumber()+" bci "+fr.get(0).getBytecodeIndex()+" "+fr.get(0).getType(), 1, Integer::sum); break; }
    }
    System.out.printf("%d of %d samples (%.1f %%)%n", hit, total, 100.0*hit/total);
    int n = Integer.parseInt(a[2]);
    System.out.println("callers:"); callers.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(n).forEach(x->System.out.println("  "+x.getValue()+"  "+x.getKey()));
    System.out.println("top frames:"); tops.entrySet().stream().sorted((x,y)->y.getValue()-x.getValue()).limit(n).forEach(x->System.out.println("  "+x.getValue()+"  "+x.getKey()));
  }
  static String nm(RecordedFrame f) { return f.getMethod().getType().getName()+"."+f.getMethod().getName(); }
}
