import java.nio.file.*;
import java.util.*;
import jdk.jfr.consumer.*;
/** AllocRate file.jfr: bytes allocated between GCs from jdk.GCHeapSummary (before - previous after), plus GC pause sum */
public class AllocRate {
  public static void main(String[] a) throws Exception {
    long prevAfter=-1, alloc=0; int gcs=0; double pause=0; Long first=null, last=null;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(a[0]))) {
      String n=e.getEventType().getName();
      if (n.equals("jdk.GCHeapSummary")) { long used=e.getLong("heapUsed"); String when=e.getString("when");
        if (when.equals("Before GC")) { if (prevAfter>=0) { alloc += used-prevAfter; gcs++; } }
        else prevAfter=used; }
      if (n.equals("jdk.GarbageCollection")) pause += e.getDuration("sumOfPauses").toNanos()/1e6;
    }
    System.out.printf("allocated between GCs: %.1f MB over %d GC intervals; GC pauses %.1f ms%n", alloc/1e6, gcs, pause);
  }
}
