<?xml version="1.0"?>
<!--
  schema/subset.xsl: the supported subset, from the annotated schema
  (schema/stratovirt-domain.rng), into what the C code walks.

    xsltproc stringparam part P subset.xsl stratovirt-domain.rng

  part=enums   build/gen/subset-enums.h: the enums of the schema's choices
  part=tables  build/gen/subset-tables.c: the element tables (compiler/subset.h)
  part=dict    build/gen/xml.dict: the libFuzzer dictionary
  part=pairs   one "element" or "element/attribute" per line, for the
               schema coverage test

  The stylesheet relies on the schema's style (its header comment) and stops
  with a message, failing the build, where the schema leaves it: an
  attribute or a value that nothing lowers (no stv:field, stv:role or
  stv:ignore, and more than one possible value), an unknown stv:kind, a
  pattern it does not know.  Every accessor it writes is typed by the IR
  member it names, so a field of the wrong type fails the C compiler.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rng="http://relaxng.org/ns/structure/1.0"
    xmlns:stv="urn:stv:subset:1"
    exclude-result-prefixes="rng stv">
  <xsl:output method="text"/>
  <xsl:param name="part" select="'tables'"/>

  <xsl:key name="define" match="rng:define" use="@name"/>

  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'enums'"><xsl:call-template name="enums"/></xsl:when>
      <xsl:when test="$part = 'tables'"><xsl:call-template name="tables"/></xsl:when>
      <xsl:when test="$part = 'dict'"><xsl:call-template name="dict"/></xsl:when>
      <xsl:when test="$part = 'pairs'"><xsl:call-template name="pairs"/></xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">subset.xsl: unknown part '<xsl:value-of select="$part"/>'</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Small helpers                                                 -->
  <!-- ============================================================ -->

  <!-- A C string literal of $s. -->
  <xsl:template name="cstr">
    <xsl:param name="s"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="escape">
      <xsl:with-param name="s" select="$s"/>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <xsl:template name="escape">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '\')">
        <xsl:call-template name="escape-quote">
          <xsl:with-param name="s" select="substring-before($s, '\')"/>
        </xsl:call-template>
        <xsl:text>\\</xsl:text>
        <xsl:call-template name="escape">
          <xsl:with-param name="s" select="substring-after($s, '\')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="escape-quote">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="escape-quote">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&quot;')">
        <xsl:value-of select="substring-before($s, '&quot;')"/>
        <xsl:text>\"</xsl:text>
        <xsl:call-template name="escape-quote">
          <xsl:with-param name="s" select="substring-after($s, '&quot;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$s"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "s" or NULL -->
  <xsl:template name="cstr-or-null">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="string($s) != ''">
        <xsl:call-template name="cstr">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>NULL</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A C identifier from a define name: controller.pcie-root -> controller_pcie_root -->
  <xsl:template name="ident">
    <xsl:param name="s"/>
    <xsl:value-of select="translate($s, '.-:', '___')"/>
  </xsl:template>

  <!-- STV_R_DISK_FORMAT from disk-format; the C compiler rejects an unknown one. -->
  <xsl:template name="rule">
    <xsl:param name="id"/>
    <xsl:param name="default" select="'invalid-value'"/>
    <xsl:text>STV_R_</xsl:text>
    <xsl:choose>
      <xsl:when test="string($id) != ''">
        <xsl:value-of select="translate($id, concat($lower, '-'), concat($upper, '_'))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="translate($default, concat($lower, '-'), concat($upper, '_'))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The constant of value $v in enum $enum: stv_console_type, pty -> STV_CONSOLE_TYPE_PTY -->
  <xsl:template name="enum-const">
    <xsl:param name="enum"/>
    <xsl:param name="v"/>
    <xsl:value-of select="translate(concat($enum, '_', $v), concat($lower, '-.'), concat($upper, '__'))"/>
  </xsl:template>

  <!-- The define a ref names, or stop. -->
  <xsl:template name="check-ref">
    <xsl:if test="not(key('define', @name))">
      <xsl:message terminate="yes">subset.xsl: ref to an undefined '<xsl:value-of select="@name"/>'</xsl:message>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- What a pattern is                                              -->
  <!-- ============================================================ -->

  <!--
    The value pattern of an attribute or element: a ref to a lexical type,
    text, a value, a choice of values, or data.  The node set of its value
    children, when it is a choice (direct or through a ref).
  -->
  <xsl:template name="value-kind">
    <xsl:param name="p"/>	<!-- the attribute or element -->
    <xsl:variable name="ref" select="$p/rng:ref[key('define', @name)[not(rng:element) and not(rng:choice/rng:ref)]]"/>
    <xsl:choose>
      <xsl:when test="$p/rng:text">STV_K_ANY</xsl:when>
      <xsl:when test="$p/rng:value or $p/rng:choice[rng:value]">STV_K_ENUM</xsl:when>
      <xsl:when test="$ref">
        <xsl:variable name="d" select="key('define', $ref/@name)"/>
        <xsl:choose>
          <xsl:when test="$d/rng:choice[rng:value]">STV_K_ENUM</xsl:when>
          <xsl:when test="$d/@stv:kind">
            <xsl:text>STV_K_</xsl:text>
            <xsl:value-of select="translate($d/@stv:kind, $lower, $upper)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:message terminate="yes">subset.xsl: lexical type '<xsl:value-of select="$d/@name"/>' has no stv:kind</xsl:message>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>NONE</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The value elements of $p's choice (direct, or in the lexical type it refers to). -->
  <xsl:template name="values-of">
    <xsl:param name="p"/>
    <xsl:for-each select="$p/rng:value | $p/rng:choice/rng:value |
                          key('define', $p/rng:ref/@name)/rng:choice/rng:value">
      <xsl:value-of select="generate-id()"/>
      <xsl:text> </xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- The enum a value belongs to: its own stv:enum or its choice's. -->
  <xsl:template name="enum-of">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v/@stv:enum"><xsl:value-of select="$v/@stv:enum"/></xsl:when>
      <xsl:when test="$v/parent::rng:choice/@stv:enum"><xsl:value-of select="$v/parent::rng:choice/@stv:enum"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- part=enums                                                    -->
  <!-- ============================================================ -->

  <xsl:template name="enums">
    <xsl:text>/* Generated from schema/stratovirt-domain.rng by schema/subset.xsl: do not edit. */
#ifndef STV_SUBSET_ENUMS_H
#define STV_SUBSET_ENUMS_H

</xsl:text>
    <xsl:for-each select="//rng:choice[@stv:enum] | //rng:value[@stv:enum]">
      <xsl:variable name="e" select="string(@stv:enum)"/>
      <!-- once per enum: at its first declaration -->
      <xsl:if test="generate-id() = generate-id((//rng:choice[@stv:enum = $e] | //rng:value[@stv:enum = $e])[1])">
        <xsl:text>enum </xsl:text>
        <xsl:value-of select="$e"/>
        <xsl:text> {&#10;</xsl:text>
        <xsl:for-each select="(//rng:choice[@stv:enum = $e]/rng:value | //rng:value[@stv:enum = $e])">
          <xsl:variable name="v" select="string(.)"/>
          <xsl:if test="generate-id() = generate-id((//rng:choice[@stv:enum = $e]/rng:value[. = $v] | //rng:value[@stv:enum = $e][. = $v])[1])">
            <xsl:text>&#9;</xsl:text>
            <xsl:call-template name="enum-const">
              <xsl:with-param name="enum" select="$e"/>
              <xsl:with-param name="v" select="$v"/>
            </xsl:call-template>
            <xsl:text>,&#10;</xsl:text>
          </xsl:if>
        </xsl:for-each>
        <xsl:text>};&#10;/* The XML words of enum </xsl:text>
        <xsl:value-of select="$e"/>
        <xsl:text>, NULL-terminated. */&#10;extern const char *const </xsl:text>
        <xsl:value-of select="$e"/>
        <xsl:text>_names[];&#10;&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>#endif&#10;</xsl:text>
  </xsl:template>

  <!-- const char *const stv_E_names[] = { ... } for every enum -->
  <xsl:template name="enum-names">
    <xsl:for-each select="//rng:choice[@stv:enum] | //rng:value[@stv:enum]">
      <xsl:variable name="e" select="string(@stv:enum)"/>
      <xsl:if test="generate-id() = generate-id((//rng:choice[@stv:enum = $e] | //rng:value[@stv:enum = $e])[1])">
        <xsl:text>const char *const </xsl:text>
        <xsl:value-of select="$e"/>
        <xsl:text>_names[] = { </xsl:text>
        <xsl:for-each select="(//rng:choice[@stv:enum = $e]/rng:value | //rng:value[@stv:enum = $e])">
          <xsl:variable name="v" select="string(.)"/>
          <xsl:if test="generate-id() = generate-id((//rng:choice[@stv:enum = $e]/rng:value[. = $v] | //rng:value[@stv:enum = $e][. = $v])[1])">
            <xsl:call-template name="cstr">
              <xsl:with-param name="s" select="$v"/>
            </xsl:call-template>
            <xsl:text>, </xsl:text>
          </xsl:if>
        </xsl:for-each>
        <xsl:text>NULL };&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- part=tables                                                   -->
  <!-- ============================================================ -->

  <xsl:template name="tables">
    <xsl:text>/* Generated from schema/stratovirt-domain.rng by schema/subset.xsl: do not edit. */
#include &lt;limits.h&gt;
#include &lt;stddef.h&gt;

#include "subset.h"

</xsl:text>
    <xsl:call-template name="enum-names"/>
    <!-- forward declarations: elements refer to each other in any order -->
    <xsl:for-each select="/rng:grammar/rng:define[rng:element[@name] or rng:choice/rng:ref]">
      <xsl:text>static const struct stv_elem e_</xsl:text>
      <xsl:call-template name="ident">
        <xsl:with-param name="s" select="@name"/>
      </xsl:call-template>
      <xsl:text>;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#10;</xsl:text>
    <xsl:for-each select="/rng:grammar/rng:define[rng:element[@name]]">
      <xsl:apply-templates select="rng:element" mode="element"/>
    </xsl:for-each>
    <xsl:for-each select="/rng:grammar/rng:define[rng:choice/rng:ref]">
      <xsl:call-template name="select"/>
    </xsl:for-each>
    <xsl:call-template name="root"/>
    <xsl:call-template name="notes"/>
    <xsl:call-template name="kinds"/>
    <xsl:call-template name="ranged"/>
  </xsl:template>

  <!-- The C name of the field of node $n (an attribute or element with stv:field). -->
  <xsl:template name="field-name">
    <xsl:param name="n"/>
    <xsl:text>f_</xsl:text>
    <xsl:value-of select="generate-id($n)"/>
  </xsl:template>

  <!-- The store of a field: what the member's type must be. -->
  <xsl:template name="store">
    <xsl:param name="n"/>
    <xsl:param name="kind"/>
    <xsl:variable name="vals">
      <xsl:call-template name="values-of">
        <xsl:with-param name="p" select="$n"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$kind = 'NONE'">STV_STORE_FLAG</xsl:when>
      <xsl:when test="$n/@stv:unit">STV_STORE_SIZE</xsl:when>
      <xsl:when test="$kind = 'STV_K_ENUM'">STV_STORE_CHOICE</xsl:when>
      <xsl:when test="$kind = 'STV_K_DEC' or $kind = 'STV_K_UINT' or $kind = 'STV_K_ZERO' or $kind = 'STV_K_PERIOD'">STV_STORE_NUM</xsl:when>
      <xsl:otherwise>STV_STORE_STR</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The field of $n: a typed accessor and the struct stv_field.  The member
    is "dom.M" (struct stv_domain) or "dev.M" (struct stv_device); a member
    under u.KIND belongs to devices of that kind.
  -->
  <xsl:template name="field">
    <xsl:param name="n"/>
    <xsl:param name="kind"/>
    <xsl:param name="what"/>
    <xsl:variable name="f" select="string($n/@stv:field)"/>
    <xsl:variable name="obj" select="substring-before($f, '.')"/>
    <xsl:variable name="member" select="substring-after($f, '.')"/>
    <xsl:variable name="type">
      <xsl:choose>
        <xsl:when test="$obj = 'dom'">struct stv_domain</xsl:when>
        <xsl:when test="$obj = 'dev'">struct stv_device</xsl:when>
        <xsl:otherwise>
          <xsl:message terminate="yes">subset.xsl: stv:field '<xsl:value-of select="$f"/>' is neither dom.M nor dev.M</xsl:message>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="store">
      <xsl:call-template name="store">
        <xsl:with-param name="n" select="$n"/>
        <xsl:with-param name="kind" select="$kind"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="ctype">
      <xsl:choose>
        <xsl:when test="$store = 'STV_STORE_STR'">str</xsl:when>
        <xsl:when test="$store = 'STV_STORE_FLAG'">flag</xsl:when>
        <xsl:when test="$store = 'STV_STORE_CHOICE'">choice</xsl:when>
        <xsl:otherwise>num</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="id">
      <xsl:call-template name="field-name">
        <xsl:with-param name="n" select="$n"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:text>static struct stv_</xsl:text>
    <xsl:value-of select="$ctype"/>
    <xsl:text> *</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>_get(void *o)&#10;{&#10;&#9;return &amp;((</xsl:text>
    <xsl:value-of select="$type"/>
    <xsl:text> *)o)-></xsl:text>
    <xsl:value-of select="$member"/>
    <xsl:text>;&#10;}&#10;static const struct stv_field </xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text> = {&#10;&#9;.member = </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s" select="$f"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;.store = </xsl:text>
    <xsl:value-of select="$store"/>
    <xsl:text>,&#10;&#9;.device = </xsl:text>
    <xsl:value-of select="$obj = 'dev'"/>
    <xsl:text>,&#10;&#9;.kind = </xsl:text>
    <xsl:choose>
      <xsl:when test="starts-with($member, 'u.')">
        <xsl:text>STV_DEV_</xsl:text>
        <xsl:value-of select="translate(substring-before(substring-after($member, 'u.'), '.'), $lower, $upper)"/>
      </xsl:when>
      <xsl:otherwise>-1</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;&#9;.</xsl:text>
    <xsl:value-of select="$ctype"/>
    <xsl:text> = </xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>_get,&#10;</xsl:text>
    <xsl:text>&#9;.format = STV_FMT_</xsl:text>
    <xsl:choose>
      <xsl:when test="$n/@stv:format">
        <xsl:value-of select="translate($n/@stv:format, $lower, $upper)"/>
      </xsl:when>
      <xsl:otherwise>DEC</xsl:otherwise>
    </xsl:choose>
    <!-- a choice: every word of its enum, whatever element fills it -->
    <xsl:if test="$store = 'STV_STORE_CHOICE'">
      <xsl:variable name="vals" select="$n/rng:value | $n/rng:choice/rng:value |
                                        key('define', $n/rng:ref/@name)/rng:choice/rng:value"/>
      <xsl:variable name="enum">
        <xsl:call-template name="enum-of">
          <xsl:with-param name="v" select="$vals[1]"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="string($enum) != ''">
        <xsl:text>,&#10;&#9;.names = </xsl:text>
        <xsl:value-of select="$enum"/>
        <xsl:text>_names</xsl:text>
      </xsl:if>
    </xsl:if>
    <xsl:if test="$n/@stv:argv">
      <xsl:if test="$store != 'STV_STORE_STR' or ($n/@stv:argv != 'word' and $n/@stv:argv != 'item')">
        <xsl:message terminate="yes">subset.xsl: stv:argv '<xsl:value-of select="$n/@stv:argv"/>' on <xsl:value-of select="$f"/>: a string field takes word or item</xsl:message>
      </xsl:if>
      <xsl:text>,&#10;&#9;.argv = STV_ARGV_</xsl:text>
      <xsl:value-of select="translate($n/@stv:argv, $lower, $upper)"/>
    </xsl:if>
    <xsl:text>,&#10;&#9;.what = </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s" select="$what"/>
    </xsl:call-template>
    <xsl:text>,&#10;</xsl:text>
    <xsl:if test="$n/@stv:range">
      <xsl:if test="not(contains($n/@stv:range, '..')) or not($n/@stv:range-rule)">
        <xsl:message terminate="yes">subset.xsl: stv:range '<xsl:value-of select="$n/@stv:range"/>' needs LO..HI and stv:range-rule</xsl:message>
      </xsl:if>
      <xsl:text>&#9;.ranged = true,&#10;&#9;.min = UINT64_C(</xsl:text>
      <xsl:value-of select="substring-before($n/@stv:range, '..')"/>
      <xsl:text>),&#10;&#9;.max = UINT64_C(</xsl:text>
      <xsl:value-of select="substring-after($n/@stv:range, '..')"/>
      <xsl:text>),&#10;&#9;.range_rule = </xsl:text>
      <xsl:call-template name="rule">
        <xsl:with-param name="id" select="$n/@stv:range-rule"/>
      </xsl:call-template>
      <xsl:text>,&#10;&#9;.range_hint = </xsl:text>
      <xsl:call-template name="cstr-or-null">
        <xsl:with-param name="s" select="$n/@stv:range-hint"/>
      </xsl:call-template>
      <xsl:text>,&#10;</xsl:text>
    </xsl:if>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <!--
    A value's type: struct stv_value initializer, after emitting the arrays
    of its choices and codes.  $p is the attribute or element, $id a unique
    C name prefix.
  -->
  <xsl:template name="value-arrays">
    <xsl:param name="p"/>
    <xsl:param name="id"/>
    <xsl:variable name="vals" select="$p/rng:value | $p/rng:choice/rng:value |
                                      key('define', $p/rng:ref/@name)/rng:choice/rng:value"/>
    <xsl:if test="$vals">
      <xsl:text>static const char *const </xsl:text>
      <xsl:value-of select="$id"/>
      <xsl:text>_choices[] = { </xsl:text>
      <xsl:for-each select="$vals">
        <xsl:call-template name="cstr">
          <xsl:with-param name="s" select="normalize-space(.)"/>
        </xsl:call-template>
        <xsl:text>, </xsl:text>
      </xsl:for-each>
      <xsl:text>NULL };&#10;</xsl:text>
      <xsl:variable name="enum">
        <xsl:call-template name="enum-of">
          <xsl:with-param name="v" select="$vals[1]"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="$p/@stv:field and string($enum) != ''">
        <xsl:text>static const unsigned </xsl:text>
        <xsl:value-of select="$id"/>
        <xsl:text>_codes[] = { </xsl:text>
        <xsl:for-each select="$vals">
          <xsl:variable name="e">
            <xsl:call-template name="enum-of">
              <xsl:with-param name="v" select="."/>
            </xsl:call-template>
          </xsl:variable>
          <xsl:if test="$e != $enum">
            <xsl:message terminate="yes">subset.xsl: the values of one choice mix enums <xsl:value-of select="$enum"/> and <xsl:value-of select="$e"/></xsl:message>
          </xsl:if>
          <xsl:call-template name="enum-const">
            <xsl:with-param name="enum" select="$enum"/>
            <xsl:with-param name="v" select="normalize-space(.)"/>
          </xsl:call-template>
          <xsl:text>, </xsl:text>
        </xsl:for-each>
        <xsl:text>};&#10;</xsl:text>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="value-init">
    <xsl:param name="p"/>
    <xsl:param name="id"/>
    <xsl:param name="kind"/>
    <xsl:variable name="vals" select="$p/rng:value | $p/rng:choice/rng:value |
                                      key('define', $p/rng:ref/@name)/rng:choice/rng:value"/>
    <xsl:variable name="enum">
      <xsl:if test="$vals">
        <xsl:call-template name="enum-of">
          <xsl:with-param name="v" select="$vals[1]"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:text>{ </xsl:text>
    <xsl:value-of select="$kind"/>
    <xsl:text>, </xsl:text>
    <xsl:choose>
      <xsl:when test="$vals"><xsl:value-of select="$id"/>_choices</xsl:when>
      <xsl:otherwise>NULL</xsl:otherwise>
    </xsl:choose>
    <xsl:text>, </xsl:text>
    <xsl:choose>
      <xsl:when test="$vals and $p/@stv:field and string($enum) != ''"><xsl:value-of select="$id"/>_codes</xsl:when>
      <xsl:otherwise>NULL</xsl:otherwise>
    </xsl:choose>
    <xsl:text>, </xsl:text>
    <xsl:call-template name="rule">
      <xsl:with-param name="id" select="$p/@stv:rule"/>
    </xsl:call-template>
    <xsl:text>, </xsl:text>
    <xsl:call-template name="cstr-or-null">
      <xsl:with-param name="s" select="$p/@stv:hint"/>
    </xsl:call-template>
    <xsl:text> }</xsl:text>
  </xsl:template>

  <!-- Whether a value with this kind and these values needs a field to be lowered. -->
  <xsl:template name="require-lowering">
    <xsl:param name="p"/>
    <xsl:param name="kind"/>
    <xsl:param name="ignored"/>
    <xsl:param name="label"/>
    <xsl:variable name="nvals" select="count($p/rng:value | $p/rng:choice/rng:value |
                                       key('define', $p/rng:ref/@name)/rng:choice/rng:value)"/>
    <xsl:if test="not($p/@stv:field) and not($p/@stv:role) and not($ignored)
                  and not($kind = 'STV_K_ENUM' and $nvals = 1)">
      <xsl:message terminate="yes">subset.xsl: <xsl:value-of select="$label"/> is accepted but never lowered: give it stv:field, stv:role or stv:ignore</xsl:message>
    </xsl:if>
  </xsl:template>

  <!-- One element define into struct stv_elem, with its attributes and children. -->
  <xsl:template match="rng:element" mode="element">
    <xsl:variable name="def" select="parent::rng:define"/>
    <xsl:variable name="id">
      <xsl:call-template name="ident">
        <xsl:with-param name="s" select="$def/@name"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="ignored" select="boolean(ancestor-or-self::rng:element/@stv:ignore)"/>
    <xsl:variable name="attrs" select="rng:attribute | rng:optional/rng:attribute"/>
    <xsl:variable name="particles" select="rng:ref[key('define', @name)[rng:element or rng:choice/rng:ref]] |
        rng:optional/rng:ref | rng:zeroOrMore/rng:ref | rng:oneOrMore/rng:ref |
        rng:interleave/rng:ref | rng:interleave/rng:optional/rng:ref |
        rng:interleave/rng:zeroOrMore/rng:ref | rng:interleave/rng:oneOrMore/rng:ref"/>
    <xsl:variable name="textkind">
      <xsl:choose>
        <xsl:when test="@stv:content = 'any'">NONE</xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="value-kind">
            <xsl:with-param name="p" select="."/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="content">
      <xsl:choose>
        <xsl:when test="@stv:content = 'any'">STV_C_ANY</xsl:when>
        <xsl:when test="$particles">STV_C_ELEMENTS</xsl:when>
        <xsl:when test="$textkind != 'NONE'">STV_C_TEXT</xsl:when>
        <xsl:otherwise>STV_C_EMPTY</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$particles and $textkind != 'NONE'">
      <xsl:message terminate="yes">subset.xsl: &lt;<xsl:value-of select="@name"/>&gt; (<xsl:value-of select="$def/@name"/>) has both children and a value</xsl:message>
    </xsl:if>
    <xsl:if test="$content = 'STV_C_TEXT'">
      <xsl:call-template name="require-lowering">
        <xsl:with-param name="p" select="."/>
        <xsl:with-param name="kind" select="$textkind"/>
        <xsl:with-param name="ignored" select="$ignored"/>
        <xsl:with-param name="label">the value of &lt;<xsl:value-of select="@name"/>&gt; (<xsl:value-of select="$def/@name"/>)</xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$content = 'STV_C_EMPTY' and not($attrs) and not(@stv:field) and not($ignored)">
      <xsl:message terminate="yes">subset.xsl: &lt;<xsl:value-of select="@name"/>&gt; (<xsl:value-of select="$def/@name"/>) means nothing: give it stv:field or stv:ignore</xsl:message>
    </xsl:if>
    <xsl:text>/* &lt;</xsl:text>
    <xsl:value-of select="@name"/>
    <xsl:text>&gt; (</xsl:text>
    <xsl:value-of select="$def/@name"/>
    <xsl:text>) */&#10;</xsl:text>
    <!-- the element's own field: its text or its presence -->
    <xsl:if test="@stv:field">
      <xsl:call-template name="field">
        <xsl:with-param name="n" select="."/>
        <xsl:with-param name="kind" select="$textkind"/>
        <xsl:with-param name="what" select="concat('&lt;', @name, '&gt;')"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$content = 'STV_C_TEXT'">
      <xsl:call-template name="value-arrays">
        <xsl:with-param name="p" select="."/>
        <xsl:with-param name="id" select="concat('t_', $id)"/>
      </xsl:call-template>
    </xsl:if>
    <!-- attributes -->
    <xsl:for-each select="$attrs">
      <xsl:variable name="aid" select="concat('a_', $id, '_', translate(@name, '-', '_'))"/>
      <xsl:variable name="akind">
        <xsl:call-template name="value-kind">
          <xsl:with-param name="p" select="."/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="$akind = 'NONE'">
        <xsl:message terminate="yes">subset.xsl: attribute <xsl:value-of select="@name"/> of <xsl:value-of select="$def/@name"/> has no value pattern</xsl:message>
      </xsl:if>
      <xsl:call-template name="require-lowering">
        <xsl:with-param name="p" select="."/>
        <xsl:with-param name="kind" select="$akind"/>
        <xsl:with-param name="ignored" select="$ignored or boolean(@stv:ignore)"/>
        <xsl:with-param name="label">attribute <xsl:value-of select="@name"/> of &lt;<xsl:value-of select="../@name | ../../@name"/>&gt; (<xsl:value-of select="$def/@name"/>)</xsl:with-param>
      </xsl:call-template>
      <xsl:if test="@stv:field">
        <xsl:call-template name="field">
          <xsl:with-param name="n" select="."/>
          <xsl:with-param name="kind" select="$akind"/>
          <xsl:with-param name="what" select="concat('&lt;', $def/rng:element/@name, ' ', @name, '&gt;')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@stv:write and @stv:write != 'none'">
        <xsl:variable name="w" select="string(@stv:write)"/>
        <xsl:text>static const char *</xsl:text>
        <xsl:value-of select="$aid"/>
        <xsl:text>_write(const void *o)&#10;{&#10;&#9;return ((const </xsl:text>
        <xsl:choose>
          <xsl:when test="starts-with($w, 'dev.')">struct stv_device</xsl:when>
          <xsl:otherwise>struct stv_domain</xsl:otherwise>
        </xsl:choose>
        <xsl:text> *)o)-></xsl:text>
        <xsl:value-of select="substring-after($w, '.')"/>
        <xsl:text>;&#10;}&#10;</xsl:text>
      </xsl:if>
      <xsl:call-template name="value-arrays">
        <xsl:with-param name="p" select="."/>
        <xsl:with-param name="id" select="$aid"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>static const struct stv_attr a_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>[] = {&#10;</xsl:text>
    <xsl:for-each select="$attrs">
      <xsl:variable name="aid" select="concat('a_', $id, '_', translate(@name, '-', '_'))"/>
      <xsl:variable name="akind">
        <xsl:call-template name="value-kind">
          <xsl:with-param name="p" select="."/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:text>&#9;{ .name = </xsl:text>
      <xsl:call-template name="cstr">
        <xsl:with-param name="s" select="@name"/>
      </xsl:call-template>
      <xsl:text>, .required = </xsl:text>
      <xsl:value-of select="not(parent::rng:optional)"/>
      <xsl:text>,&#10;&#9;  .value = </xsl:text>
      <xsl:call-template name="value-init">
        <xsl:with-param name="p" select="."/>
        <xsl:with-param name="id" select="$aid"/>
        <xsl:with-param name="kind" select="$akind"/>
      </xsl:call-template>
      <xsl:text>,&#10;&#9;  .missing_rule = </xsl:text>
      <xsl:call-template name="rule">
        <xsl:with-param name="id" select="@stv:missing-rule"/>
        <xsl:with-param name="default" select="'missing-attribute'"/>
      </xsl:call-template>
      <xsl:text>, .missing_hint = </xsl:text>
      <xsl:call-template name="cstr-or-null">
        <xsl:with-param name="s" select="@stv:missing-hint"/>
      </xsl:call-template>
      <xsl:if test="@stv:field">
        <xsl:text>,&#10;&#9;  .field = &amp;</xsl:text>
        <xsl:call-template name="field-name">
          <xsl:with-param name="n" select="."/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@stv:unit">
        <xsl:text>, .unit = </xsl:text>
        <xsl:call-template name="cstr">
          <xsl:with-param name="s" select="@stv:unit"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="@stv:role = 'unit'">, .is_unit = true</xsl:if>
      <xsl:if test="@stv:role and @stv:role != 'unit'">
        <xsl:message terminate="yes">subset.xsl: unknown stv:role '<xsl:value-of select="@stv:role"/>'</xsl:message>
      </xsl:if>
      <xsl:if test="@stv:ignore or $ignored">, .ignored = true</xsl:if>
      <xsl:if test="@stv:shape = 'yes'">, .shape = true</xsl:if>
      <xsl:if test="@stv:write = 'none'">, .never_written = true</xsl:if>
      <xsl:if test="@stv:write and @stv:write != 'none'">
        <xsl:text>, .write = </xsl:text>
        <xsl:value-of select="$aid"/>
        <xsl:text>_write</xsl:text>
      </xsl:if>
      <xsl:text> },&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#9;{ .name = NULL },&#10;};&#10;</xsl:text>
    <!-- children -->
    <xsl:if test="$particles">
      <xsl:text>static const struct stv_child c_</xsl:text>
      <xsl:value-of select="$id"/>
      <xsl:text>[] = {&#10;</xsl:text>
      <xsl:for-each select="$particles">
        <xsl:call-template name="check-ref"/>
        <xsl:text>&#9;{ &amp;e_</xsl:text>
        <xsl:call-template name="ident">
          <xsl:with-param name="s" select="@name"/>
        </xsl:call-template>
        <xsl:text>, </xsl:text>
        <xsl:choose>
          <xsl:when test="parent::rng:optional or parent::rng:zeroOrMore">0</xsl:when>
          <xsl:otherwise>1</xsl:otherwise>
        </xsl:choose>
        <xsl:text>, </xsl:text>
        <xsl:choose>
          <xsl:when test="parent::rng:zeroOrMore or parent::rng:oneOrMore">UINT_MAX</xsl:when>
          <xsl:otherwise>1</xsl:otherwise>
        </xsl:choose>
        <xsl:text>, </xsl:text>
        <xsl:call-template name="rule">
          <xsl:with-param name="id" select="@stv:rule"/>
          <xsl:with-param name="default" select="'missing-element'"/>
        </xsl:call-template>
        <xsl:text>, </xsl:text>
        <xsl:call-template name="cstr-or-null">
          <xsl:with-param name="s" select="@stv:hint"/>
        </xsl:call-template>
        <xsl:text> },&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>&#9;{ NULL, 0, 0, STV_R_MISSING_ELEMENT, NULL },&#10;};&#10;</xsl:text>
    </xsl:if>
    <!-- the element -->
    <xsl:text>static const struct stv_elem e_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text> = {&#10;&#9;.name = </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s" select="@name"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;.define = </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s" select="$def/@name"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;.attrs = a_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>,&#10;&#9;.content = </xsl:text>
    <xsl:value-of select="$content"/>
    <xsl:text>,&#10;</xsl:text>
    <xsl:if test="$content = 'STV_C_TEXT'">
      <xsl:text>&#9;.text = </xsl:text>
      <xsl:call-template name="value-init">
        <xsl:with-param name="p" select="."/>
        <xsl:with-param name="id" select="concat('t_', $id)"/>
        <xsl:with-param name="kind" select="$textkind"/>
      </xsl:call-template>
      <xsl:text>,&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="@stv:field">
      <xsl:text>&#9;.field = &amp;</xsl:text>
      <xsl:call-template name="field-name">
        <xsl:with-param name="n" select="."/>
      </xsl:call-template>
      <xsl:text>,&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="@stv:unit">
      <xsl:text>&#9;.unit = </xsl:text>
      <xsl:call-template name="cstr">
        <xsl:with-param name="s" select="@stv:unit"/>
      </xsl:call-template>
      <xsl:text>,&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$particles">
      <xsl:text>&#9;.children = c_</xsl:text>
      <xsl:value-of select="$id"/>
      <xsl:text>,&#10;</xsl:text>
    </xsl:if>
    <xsl:text>&#9;.device = </xsl:text>
    <xsl:choose>
      <xsl:when test="@stv:device">
        <xsl:text>STV_DEV_</xsl:text>
        <xsl:value-of select="translate(@stv:device, concat($lower, '-'), concat($upper, '_'))"/>
      </xsl:when>
      <xsl:otherwise>-1</xsl:otherwise>
    </xsl:choose>
    <xsl:text>,&#10;</xsl:text>
    <xsl:if test="@stv:ignore">&#9;.ignored = true,&#10;</xsl:if>
    <xsl:if test="@stv:warn">
      <xsl:text>&#9;.warns = true,&#10;&#9;.warn_rule = </xsl:text>
      <xsl:call-template name="rule">
        <xsl:with-param name="id" select="@stv:warn"/>
      </xsl:call-template>
      <xsl:text>,&#10;&#9;.warn_message = </xsl:text>
      <xsl:call-template name="cstr">
        <xsl:with-param name="s" select="@stv:message"/>
      </xsl:call-template>
      <xsl:text>,&#10;&#9;.warn_hint = </xsl:text>
      <xsl:call-template name="cstr-or-null">
        <xsl:with-param name="s" select="@stv:hint"/>
      </xsl:call-template>
      <xsl:text>,&#10;</xsl:text>
    </xsl:if>
    <xsl:text>};&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The value that selects variant $ref: its own fixed attribute, or that of its first leaf. -->
  <xsl:template name="variant-value">
    <xsl:param name="d"/>	<!-- the variant's define -->
    <xsl:param name="attr"/>
    <xsl:choose>
      <xsl:when test="$d/rng:element">
        <xsl:variable name="a" select="$d/rng:element/rng:attribute[@name = $attr] |
                                       $d/rng:element/rng:optional/rng:attribute[@name = $attr]"/>
        <xsl:if test="not($a/rng:value) or count($a/rng:value) != 1">
          <xsl:message terminate="yes">subset.xsl: variant <xsl:value-of select="$d/@name"/> needs an attribute <xsl:value-of select="$attr"/> with one value</xsl:message>
        </xsl:if>
        <xsl:value-of select="normalize-space($a/rng:value)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="variant-value">
          <xsl:with-param name="d" select="key('define', $d/rng:choice/rng:ref[1]/@name)"/>
          <xsl:with-param name="attr" select="$attr"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The variant chosen when the selecting attribute is absent: the one leaf
    whose attribute is optional (libvirt's <disk> without type is a file),
    or none.
  -->
  <xsl:template name="absent-variant">
    <xsl:param name="attr"/>
    <xsl:variable name="leaves" select="key('define', rng:choice/rng:ref/@name)
        [rng:element/rng:optional/rng:attribute[@name = $attr]]"/>
    <xsl:if test="count($leaves) &gt; 1">
      <xsl:message terminate="yes">subset.xsl: the choice <xsl:value-of select="@name"/> has more than one variant whose <xsl:value-of select="$attr"/> is optional</xsl:message>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$leaves">
        <xsl:text>&amp;e_</xsl:text>
        <xsl:call-template name="ident">
          <xsl:with-param name="s" select="$leaves/@name"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>NULL</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A define that is a choice of refs: the variants of one element. -->
  <xsl:template name="select">
    <xsl:variable name="id">
      <xsl:call-template name="ident">
        <xsl:with-param name="s" select="@name"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="attr" select="string(@stv:select)"/>
    <xsl:if test="$attr = ''">
      <xsl:message terminate="yes">subset.xsl: the choice <xsl:value-of select="@name"/> needs stv:select</xsl:message>
    </xsl:if>
    <xsl:text>/* the variants of </xsl:text>
    <xsl:value-of select="@name"/>
    <xsl:text>, by </xsl:text>
    <xsl:value-of select="$attr"/>
    <xsl:text> */&#10;static const struct stv_variant v_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>[] = {&#10;</xsl:text>
    <xsl:for-each select="rng:choice/rng:ref">
      <xsl:call-template name="check-ref"/>
      <xsl:text>&#9;{ </xsl:text>
      <xsl:call-template name="cstr">
        <xsl:with-param name="s">
          <xsl:call-template name="variant-value">
            <xsl:with-param name="d" select="key('define', @name)"/>
            <xsl:with-param name="attr" select="$attr"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:text>, &amp;e_</xsl:text>
      <xsl:call-template name="ident">
        <xsl:with-param name="s" select="@name"/>
      </xsl:call-template>
      <xsl:text> },&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#9;{ NULL, NULL },&#10;};&#10;static const struct stv_select s_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text> = { </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s" select="$attr"/>
    </xsl:call-template>
    <xsl:text>, v_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>, </xsl:text>
    <xsl:call-template name="rule">
      <xsl:with-param name="id" select="@stv:rule"/>
    </xsl:call-template>
    <xsl:text>, </xsl:text>
    <xsl:call-template name="cstr-or-null">
      <xsl:with-param name="s" select="@stv:hint"/>
    </xsl:call-template>
    <xsl:text>, </xsl:text>
    <xsl:call-template name="absent-variant">
      <xsl:with-param name="attr" select="$attr"/>
    </xsl:call-template>
    <xsl:text> };&#10;static const struct stv_elem e_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text> = {&#10;&#9;.name = </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s">
        <xsl:call-template name="select-element-name">
          <xsl:with-param name="d" select="."/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;.define = </xsl:text>
    <xsl:call-template name="cstr">
      <xsl:with-param name="s" select="@name"/>
    </xsl:call-template>
    <xsl:text>,&#10;&#9;.select = &amp;s_</xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:text>,&#10;&#9;.device = -1,&#10;};&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="select-element-name">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="$d/rng:element"><xsl:value-of select="$d/rng:element/@name"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="select-element-name">
          <xsl:with-param name="d" select="key('define', $d/rng:choice/rng:ref[1]/@name)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="root">
    <xsl:text>const struct stv_elem *const stv_subset_root = &amp;e_</xsl:text>
    <xsl:call-template name="ident">
      <xsl:with-param name="s" select="/rng:grammar/rng:start/rng:ref/@name"/>
    </xsl:call-template>
    <xsl:text>;&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="notes">
    <xsl:text>const struct stv_note stv_subset_notes[] = {&#10;</xsl:text>
    <xsl:for-each select="/rng:grammar/stv:unsupported">
      <xsl:text>&#9;{ </xsl:text>
      <xsl:call-template name="cstr">
        <xsl:with-param name="s" select="@element"/>
      </xsl:call-template>
      <xsl:text>, </xsl:text>
      <xsl:call-template name="cstr-or-null">
        <xsl:with-param name="s" select="@attribute"/>
      </xsl:call-template>
      <xsl:text>, </xsl:text>
      <xsl:call-template name="rule">
        <xsl:with-param name="id" select="@rule"/>
        <xsl:with-param name="default">
          <xsl:choose>
            <xsl:when test="@attribute">unsupported-attribute</xsl:when>
            <xsl:otherwise>unsupported-element</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:text>, </xsl:text>
      <xsl:call-template name="cstr-or-null">
        <xsl:with-param name="s" select="@message"/>
      </xsl:call-template>
      <xsl:text>, </xsl:text>
      <xsl:call-template name="cstr-or-null">
        <xsl:with-param name="s" select="@hint"/>
      </xsl:call-template>
      <xsl:text> },&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#9;{ NULL, NULL, STV_R_UNSUPPORTED_ELEMENT, NULL, NULL },&#10;};&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- stv_kind_elems: for each device kind, the elements (variant leaves) of that kind. -->
  <xsl:template name="kinds">
    <xsl:for-each select="//rng:element[@stv:device]">
      <xsl:variable name="k" select="string(@stv:device)"/>
      <xsl:if test="generate-id() = generate-id(//rng:element[@stv:device = $k][1])">
        <xsl:text>static const struct stv_elem *const k_</xsl:text>
        <xsl:value-of select="$k"/>
        <xsl:text>[] = { </xsl:text>
        <xsl:for-each select="//rng:element[@stv:device = $k]">
          <xsl:text>&amp;e_</xsl:text>
          <xsl:call-template name="ident">
            <xsl:with-param name="s" select="parent::rng:define/@name"/>
          </xsl:call-template>
          <xsl:text>, </xsl:text>
        </xsl:for-each>
        <xsl:text>NULL };&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>const struct stv_elem *const *const stv_kind_elems[STV_DEV_KIND_COUNT] = {&#10;</xsl:text>
    <xsl:for-each select="//rng:element[@stv:device]">
      <xsl:variable name="k" select="string(@stv:device)"/>
      <xsl:if test="generate-id() = generate-id(//rng:element[@stv:device = $k][1])">
        <xsl:text>&#9;[STV_DEV_</xsl:text>
        <xsl:value-of select="translate($k, concat($lower, '-'), concat($upper, '_'))"/>
        <xsl:text>] = k_</xsl:text>
        <xsl:value-of select="$k"/>
        <xsl:text>,&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>};&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- stv_ranged_fields: each ranged member once (the variants of one element may share it). -->
  <xsl:template name="ranged">
    <xsl:text>const struct stv_field *const stv_ranged_fields[] = {&#10;</xsl:text>
    <xsl:for-each select="//*[@stv:field and @stv:range]">
      <xsl:variable name="f" select="string(@stv:field)"/>
      <xsl:if test="generate-id() = generate-id((//*[@stv:field = $f and @stv:range])[1])">
        <xsl:text>&#9;&amp;</xsl:text>
        <xsl:call-template name="field-name">
          <xsl:with-param name="n" select="."/>
        </xsl:call-template>
        <xsl:text>,&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>&#9;NULL,&#10;};&#10;&#10;</xsl:text>
    <xsl:call-template name="strings"/>
  </xsl:template>

  <!-- stv_str_fields: each string member once (two elements may fill one member). -->
  <xsl:template name="strings">
    <xsl:text>const struct stv_field *const stv_str_fields[] = {&#10;</xsl:text>
    <xsl:for-each select="//*[@stv:field]">
      <xsl:variable name="f" select="string(@stv:field)"/>
      <xsl:variable name="kind">
        <xsl:call-template name="value-kind">
          <xsl:with-param name="p" select="."/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="store">
        <xsl:call-template name="store">
          <xsl:with-param name="n" select="."/>
          <xsl:with-param name="kind" select="$kind"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="$store = 'STV_STORE_STR' and generate-id() = generate-id((//*[@stv:field = $f])[1])">
        <xsl:text>&#9;&amp;</xsl:text>
        <xsl:call-template name="field-name">
          <xsl:with-param name="n" select="."/>
        </xsl:call-template>
        <xsl:text>,&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>&#9;NULL,&#10;};&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- part=dict and part=pairs                                      -->
  <!-- ============================================================ -->

  <!-- libFuzzer dictionary: every tag, attribute and value the subset names. -->
  <xsl:template name="dict">
    <xsl:text># Generated from schema/stratovirt-domain.rng by schema/subset.xsl: do not edit.&#10;</xsl:text>
    <xsl:for-each select="//rng:element[@name]">
      <xsl:variable name="n" select="string(@name)"/>
      <xsl:if test="generate-id() = generate-id(//rng:element[@name = $n][1])">
        <xsl:text>"&lt;</xsl:text><xsl:value-of select="$n"/><xsl:text>"&#10;</xsl:text>
        <xsl:text>"&lt;/</xsl:text><xsl:value-of select="$n"/><xsl:text>&gt;"&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="//rng:attribute[@name]">
      <xsl:variable name="n" select="string(@name)"/>
      <xsl:if test="generate-id() = generate-id(//rng:attribute[@name = $n][1])">
        <xsl:text>" </xsl:text><xsl:value-of select="$n"/><xsl:text>='"&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:for-each select="//rng:value">
      <xsl:variable name="n" select="normalize-space(.)"/>
      <xsl:if test="$n != '' and not(contains($n, '&quot;')) and not(contains($n, '\'))
                    and generate-id() = generate-id(//rng:value[normalize-space(.) = $n][1])">
        <xsl:text>"</xsl:text><xsl:value-of select="$n"/><xsl:text>"&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <!-- "cpu>model" is <model> in <cpu> -->
    <xsl:for-each select="/rng:grammar/stv:unsupported[not(@attribute)]">
      <xsl:text>"&lt;</xsl:text>
      <xsl:choose>
        <xsl:when test="contains(@element, '&gt;')"><xsl:value-of select="substring-after(@element, '&gt;')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="@element"/></xsl:otherwise>
      </xsl:choose>
      <xsl:text>"&#10;</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <!-- "element" and "element/attribute" lines, each element named by its path of parents. -->
  <xsl:template name="pairs">
    <xsl:for-each select="/rng:grammar/rng:define/rng:element[@name]">
      <xsl:variable name="e" select="string(@name)"/>
      <xsl:variable name="ctx">
        <xsl:call-template name="context">
          <xsl:with-param name="d" select="parent::rng:define"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:value-of select="concat($ctx, $e, $nl)"/>
      <xsl:for-each select="rng:attribute | rng:optional/rng:attribute">
        <xsl:value-of select="concat($ctx, $e, '/@', @name, $nl)"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!--
    "parent>" for an element define: the name of an element whose content
    refers to it (the first one), so disk>target and interface>target
    differ.  Variant choices are looked through.
  -->
  <xsl:template name="context">
    <xsl:param name="d"/>
    <xsl:variable name="via" select="(//rng:define[rng:choice/rng:ref/@name = $d/@name])[1]"/>
    <xsl:choose>
      <xsl:when test="$via">
        <xsl:call-template name="context">
          <xsl:with-param name="d" select="$via"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="user" select="(//rng:element[.//rng:ref[@name = $d/@name]])[1]"/>
        <xsl:if test="$user and $user/@name">
          <xsl:value-of select="$user/@name"/>
          <xsl:text>&gt;</xsl:text>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
