/*
 * A ROS 2 peer on Eclipse Cyclone DDS, behaving as rmw_cyclonedds does on the wire (DDS topic
 * "rt" + name, types pkg::msg::dds_::Name_, XCDR1), driven line by line on stdin by the Java
 * integration tests. Every command is answered with "ok <command>" (or "error ..."); every sample a
 * subscription receives is printed as one line. Commands (QoS words: rel|be and vol|tl):
 *
 *   sub twist|twist_stamped|wheels|odom|bool TOPIC REL DUR   print each sample received on TOPIC
 *   pub odom|bool|octet_bool|scan|path|wheels|obstacle TOPIC REL DUR   create a writer; octet_bool is a
 *                                                   std_msgs/Bool writer whose data byte is written as given
 *   odom TOPIC SEC NSEC X Y YAW V W                 write an odometry sample (nan / inf allowed)
 *   bool TOPIC 0|1                                  (octet_bool writer: any byte 0-255, 2-255 being no boolean)
 *   scan TOPIC SEC NSEC RAYS FAR_M NEAR_M           RAYS rays over 360 degrees, FAR_M everywhere but NEAR_M
 *                                                   on the 5 rays straight ahead
 *   path TOPIC SEC NSEC POSES                       a straight path along x, 5 cm apart
 *   obstacle TOPIC SEC NSEC X Y VX VY R
 *   echo FROM TO                                    republish every odometry sample from FROM on TO (best effort)
 *   matched TOPIC                                   print "matched TOPIC N": readers/writers matched by our endpoint
 *   guid TOPIC                                      print "guid TOPIC G": our writer's GUID on TOPIC, 16 bytes as
 *                                                   dot-separated hex (prefix, then entity id)
 *   quit
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dds/dds.h"
#include "ros2_msgs.h"

#define MAX_ENDPOINTS 32

typedef struct { char topic[128]; dds_entity_t entity; char kind[16]; int is_reader; } endpoint_t;

static dds_entity_t participant;
static endpoint_t endpoints[MAX_ENDPOINTS];
static int n_endpoints;
static dds_entity_t echo_writer;

/* OctetBool_ under std_msgs/Bool's type name, without the XTypes type information that would describe an octet. */
static const dds_topic_descriptor_t *octet_bool_descriptor(void) {
  static dds_topic_descriptor_t *d;
  if (!d) {
    const dds_topic_descriptor_t *o = &policyrt_test_msg_dds__OctetBool__desc;
    dds_topic_descriptor_t t = {
        .m_size = o->m_size, .m_align = o->m_align, .m_flagset = o->m_flagset & ~DDS_TOPIC_XTYPES_METADATA, .m_nkeys = 0,
        .m_typename = "std_msgs::msg::dds_::Bool_", .m_keys = NULL, .m_nops = o->m_nops, .m_ops = o->m_ops, .m_meta = o->m_meta,
        .restrict_data_representation = o->restrict_data_representation};
    d = malloc(sizeof *d);
    memcpy(d, &t, sizeof t);
  }
  return d;
}

static const dds_topic_descriptor_t *descriptor(const char *kind) {
  if (!strcmp(kind, "octet_bool")) return octet_bool_descriptor();
  if (!strcmp(kind, "twist")) return &geometry_msgs_msg_dds__Twist__desc;
  if (!strcmp(kind, "twist_stamped")) return &geometry_msgs_msg_dds__TwistStamped__desc;
  if (!strcmp(kind, "wheels")) return &std_msgs_msg_dds__Float64MultiArray__desc;
  if (!strcmp(kind, "odom")) return &nav_msgs_msg_dds__Odometry__desc;
  if (!strcmp(kind, "bool")) return &std_msgs_msg_dds__Bool__desc;
  if (!strcmp(kind, "scan")) return &sensor_msgs_msg_dds__LaserScan__desc;
  if (!strcmp(kind, "path")) return &nav_msgs_msg_dds__Path__desc;
  if (!strcmp(kind, "obstacle")) return &policyrt_msgs_msg_dds__ObstacleTrack__desc;
  return NULL;
}

static dds_qos_t *make_qos(const char *rel, const char *dur) {
  dds_qos_t *q = dds_create_qos();
  dds_qset_reliability(q, strcmp(rel, "rel") ? DDS_RELIABILITY_BEST_EFFORT : DDS_RELIABILITY_RELIABLE, DDS_SECS(1));
  dds_qset_durability(q, strcmp(dur, "tl") ? DDS_DURABILITY_VOLATILE : DDS_DURABILITY_TRANSIENT_LOCAL);
  dds_qset_history(q, DDS_HISTORY_KEEP_LAST, 10);
  dds_data_representation_id_t xcdr1 = DDS_DATA_REPRESENTATION_XCDR1;
  dds_qset_data_representation(q, 1, &xcdr1);
  return q;
}

static dds_entity_t topic_for(const char *kind, const char *name) {
  char dds_name[160];
  snprintf(dds_name, sizeof dds_name, "rt%s", name);
  return dds_create_topic(participant, descriptor(kind), dds_name, NULL, NULL);
}

static endpoint_t *find(const char *topic, int is_reader) {
  for (int i = 0; i < n_endpoints; i++)
    if (!strcmp(endpoints[i].topic, topic) && endpoints[i].is_reader == is_reader) return &endpoints[i];
  return NULL;
}

/* The listener thread prints samples while the main thread prints replies; a line written with
 * several printf calls holds the stream's lock across all of them, or a reply can land inside a
 * sample line and be lost to the reader. */
static void print_sample(const char *kind, const char *topic, void *s) {
  flockfile(stdout);
  if (!strcmp(kind, "twist")) {
    geometry_msgs_msg_dds__Twist_ *t = s;
    printf("twist %s %.17g %.17g\n", topic, t->linear.x, t->angular.z);
  } else if (!strcmp(kind, "twist_stamped")) {
    geometry_msgs_msg_dds__TwistStamped_ *t = s;
    printf("twist_stamped %s %d %u %s %.17g %.17g\n", topic, t->header.stamp.sec, t->header.stamp.nanosec, t->header.frame_id,
           t->twist.linear.x, t->twist.angular.z);
  } else if (!strcmp(kind, "wheels")) {
    std_msgs_msg_dds__Float64MultiArray_ *w = s;
    printf("wheels %s %u", topic, w->data._length);
    for (uint32_t i = 0; i < w->data._length; i++) printf(" %.17g", w->data._buffer[i]);
    printf("\n");
  } else if (!strcmp(kind, "odom")) {
    nav_msgs_msg_dds__Odometry_ *o = s;
    printf("odom %s %d %u %.17g %.17g\n", topic, o->header.stamp.sec, o->header.stamp.nanosec, o->pose.pose.position.x,
           o->twist.twist.linear.x);
  } else if (!strcmp(kind, "bool")) {
    printf("bool %s %d\n", topic, ((std_msgs_msg_dds__Bool_ *)s)->data ? 1 : 0);
  }
  fflush(stdout);
  funlockfile(stdout);
}

static void on_data(dds_entity_t reader, void *arg) {
  endpoint_t *e = arg;
  void *samples[1] = {NULL};
  dds_sample_info_t info[1];
  while (dds_take(reader, samples, info, 1, 1) > 0) {
    if (info[0].valid_data) {
      if (echo_writer && !strcmp(e->kind, "echo")) {
        dds_write(echo_writer, samples[0]);
      } else {
        print_sample(e->kind, e->topic, samples[0]);
      }
    }
    dds_return_loan(reader, samples, 1);
    samples[0] = NULL;
  }
}

static endpoint_t *add(const char *kind, const char *topic, int is_reader, const char *rel, const char *dur) {
  if (n_endpoints == MAX_ENDPOINTS) return NULL;
  endpoint_t *e = &endpoints[n_endpoints++];
  snprintf(e->topic, sizeof e->topic, "%s", topic);
  snprintf(e->kind, sizeof e->kind, "%s", kind);
  e->is_reader = is_reader;
  dds_qos_t *q = make_qos(rel, dur);
  dds_entity_t t = topic_for(strcmp(kind, "echo") ? kind : "odom", topic);
  if (is_reader) {
    dds_listener_t *l = dds_create_listener(e);
    dds_lset_data_available(l, on_data);
    e->entity = dds_create_reader(participant, t, q, l);
    dds_delete_listener(l);
  } else {
    e->entity = dds_create_writer(participant, t, q, NULL);
  }
  dds_delete_qos(q);
  return e->entity < 0 ? NULL : e;
}

static void header(std_msgs_msg_dds__Header_ *h, int sec, unsigned nsec, char *frame) {
  h->stamp.sec = sec;
  h->stamp.nanosec = nsec;
  h->frame_id = frame;
}

static int command(char *line) {
  char cmd[32] = "", kind[32] = "", topic[128] = "", rel[8] = "rel", dur[8] = "vol";
  if (sscanf(line, "%31s", cmd) != 1) return 1;
  if (!strcmp(cmd, "quit")) return 0;
  if (!strcmp(cmd, "sub") || !strcmp(cmd, "pub")) {
    if (sscanf(line, "%*s %31s %127s %7s %7s", kind, topic, rel, dur) < 2 || !descriptor(kind) || !add(kind, topic, !strcmp(cmd, "sub"), rel, dur)) {
      printf("error %s", line);
      fflush(stdout);
      return 1;
    }
  } else if (!strcmp(cmd, "echo")) {
    char to[128];
    if (sscanf(line, "%*s %127s %127s", topic, to) != 2) { printf("error %s", line); fflush(stdout); return 1; }
    dds_qos_t *q = make_qos("be", "vol");
    echo_writer = dds_create_writer(participant, topic_for("odom", to), q, NULL);
    dds_delete_qos(q);
    add("echo", topic, 1, "be", "vol");
  } else if (!strcmp(cmd, "matched")) {
    sscanf(line, "%*s %127s", topic);
    endpoint_t *e = find(topic, 1);
    if (!e) e = find(topic, 0);
    int n = -1;
    if (e && e->is_reader) { dds_subscription_matched_status_t st; dds_get_subscription_matched_status(e->entity, &st); n = (int)st.current_count; }
    else if (e) { dds_publication_matched_status_t st; dds_get_publication_matched_status(e->entity, &st); n = (int)st.current_count; }
    printf("matched %s %d\n", topic, n);
  } else if (!strcmp(cmd, "guid")) {
    sscanf(line, "%*s %127s", topic);
    endpoint_t *e = find(topic, 0);
    dds_guid_t g;
    if (!e || dds_get_guid(e->entity, &g) != DDS_RETCODE_OK) { printf("error no writer on %s\n", topic); fflush(stdout); return 1; }
    flockfile(stdout);
    printf("guid %s", topic);
    for (int i = 0; i < 16; i++) printf("%c%02x", i ? '.' : ' ', g.v[i]);
    printf("\n");
    funlockfile(stdout);
  } else {
    int sec = 0; unsigned nsec = 0;
    if (sscanf(line, "%*s %127s", topic) != 1) { printf("error %s", line); fflush(stdout); return 1; }
    endpoint_t *e = find(topic, 0);
    if (!e) { printf("error no writer on %s\n", topic); fflush(stdout); return 1; }
    char frame[] = "odom", child[] = "base_link", empty[] = "";
    if (!strcmp(cmd, "odom")) {
      double x, y, yaw, v, w;
      char sx[32], sy[32], syaw[32], sv[32], sw[32];
      sscanf(line, "%*s %*s %d %u %31s %31s %31s %31s %31s", &sec, &nsec, sx, sy, syaw, sv, sw);
      x = strtod(sx, NULL); y = strtod(sy, NULL); yaw = strtod(syaw, NULL); v = strtod(sv, NULL); w = strtod(sw, NULL);
      nav_msgs_msg_dds__Odometry_ o;
      memset(&o, 0, sizeof o);
      header(&o.header, sec, nsec, frame);
      o.child_frame_id = child;
      o.pose.pose.position.x = x; o.pose.pose.position.y = y;
      o.pose.pose.orientation.z = sin(yaw / 2); o.pose.pose.orientation.w = cos(yaw / 2);
      o.twist.twist.linear.x = v; o.twist.twist.angular.z = w;
      dds_write(e->entity, &o);
    } else if (!strcmp(cmd, "bool") && !strcmp(e->kind, "octet_bool")) {
      int d = 0;
      sscanf(line, "%*s %*s %d", &d);
      policyrt_test_msg_dds__OctetBool_ b = {.data = (uint8_t)d};
      dds_write(e->entity, &b);
    } else if (!strcmp(cmd, "bool")) {
      int d = 0;
      sscanf(line, "%*s %*s %d", &d);
      std_msgs_msg_dds__Bool_ b = {.data = d != 0};
      dds_write(e->entity, &b);
    } else if (!strcmp(cmd, "scan")) {
      unsigned rays = 0; double far_m = 0, near_m = 0;
      sscanf(line, "%*s %*s %d %u %u %lf %lf", &sec, &nsec, &rays, &far_m, &near_m);
      sensor_msgs_msg_dds__LaserScan_ s;
      memset(&s, 0, sizeof s);
      char laser[] = "laser";
      header(&s.header, sec, nsec, laser);
      s.angle_min = (float)-M_PI; s.angle_increment = (float)(2 * M_PI / rays); s.angle_max = (float)(-M_PI + (rays - 1) * s.angle_increment);
      s.range_min = 0.05f; s.range_max = 30.0f;
      float *r = malloc(sizeof(float) * rays);
      for (unsigned i = 0; i < rays; i++) r[i] = (float)far_m;
      for (unsigned i = rays / 2 - 2; i <= rays / 2 + 2; i++) r[i] = (float)near_m; /* angle 0 sits at index rays/2 */
      s.ranges._length = s.ranges._maximum = rays; s.ranges._buffer = r;
      dds_write(e->entity, &s);
      free(r);
    } else if (!strcmp(cmd, "path")) {
      unsigned n = 0;
      sscanf(line, "%*s %*s %d %u %u", &sec, &nsec, &n);
      nav_msgs_msg_dds__Path_ p;
      memset(&p, 0, sizeof p);
      char map[] = "map";
      header(&p.header, sec, nsec, map);
      geometry_msgs_msg_dds__PoseStamped_ *poses = calloc(n, sizeof *poses);
      for (unsigned i = 0; i < n; i++) {
        header(&poses[i].header, sec, nsec, map);
        poses[i].pose.position.x = 0.05 * i;
        poses[i].pose.orientation.w = 1;
      }
      p.poses._length = p.poses._maximum = n; p.poses._buffer = poses;
      dds_write(e->entity, &p);
      free(poses);
    } else if (!strcmp(cmd, "obstacle")) {
      double x, y, vx, vy, r;
      sscanf(line, "%*s %*s %d %u %lf %lf %lf %lf %lf", &sec, &nsec, &x, &y, &vx, &vy, &r);
      policyrt_msgs_msg_dds__ObstacleTrack_ t = {.present = true, .x_m = x, .y_m = y, .vx_mps = vx, .vy_mps = vy, .radius_m = r};
      header(&t.header, sec, nsec, frame);
      dds_write(e->entity, &t);
    } else if (!strcmp(cmd, "wheels")) {
      double a = 0, b = 0;
      sscanf(line, "%*s %*s %lf %lf", &a, &b);
      double d[2] = {a, b};
      std_msgs_msg_dds__Float64MultiArray_ m;
      memset(&m, 0, sizeof m);
      m.data._length = m.data._maximum = 2; m.data._buffer = d;
      dds_write(e->entity, &m);
    } else {
      printf("error unknown command %s", line);
      fflush(stdout);
      return 1;
    }
    (void)empty;
  }
  printf("ok %s", line);
  fflush(stdout);
  return 1;
}

int main(int argc, char **argv) {
  int domain = argc > 1 ? atoi(argv[1]) : 0;
  participant = dds_create_participant((dds_domainid_t)domain, NULL, NULL);
  if (participant < 0) {
    fprintf(stderr, "dds_create_participant: %s\n", dds_strretcode(-participant));
    return 1;
  }
  printf("ready\n");
  fflush(stdout);
  char line[1024];
  while (fgets(line, sizeof line, stdin) && command(line)) {
  }
  dds_delete(participant);
  return 0;
}
