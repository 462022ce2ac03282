<?xml version="1.0"?>
<!--
  schema/man-domain.xsl: stv-domain(5), the accepted XML element by element,
  from the annotated schema (schema/stratovirt-domain.rng).

    xsltproc nonet stringparam part P [stringparam NAME VALUE]... \
        man-domain.xsl stratovirt-domain.rng

  part=page          the page, mdoc(7) (params version, stratovirt, date,
                     pages: SEE ALSO, "stv-validate.1 virsh.1 ...", in
                     mdoc's order: by section, then name)
  part=undocumented  one line per element, attribute, variant group or
                     value type with no prose, saying what to add where
                     (tests/check-man.sh fails on any)
  part=rules         "RULE<TAB>PLACE" for every rule the schema names, for
                     stv-rules(7) (tools/man-rules.sh)

  Everything but the prose comes from the annotations subset.xsl reads:
  values, ranges, rule ids, hints, what is tolerated and refused.  The prose
  is each node's a:documentation; stv:option names the StratoVirt option
  and stv:checks the semantic rules (the schema's header lists them).

  Each element is one section, titled by its path from <domain>: an
  element with variants (one name, told apart by an attribute) carries the
  selecting values as predicates, controller[@type='pci']; one that several
  devices share is under *, /domain/devices/*/alias.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rng="http://relaxng.org/ns/structure/1.0"
    xmlns:a="http://relaxng.org/ns/compatibility/annotations/1.0"
    xmlns:stv="urn:stv:subset:1"
    exclude-result-prefixes="rng a stv">
  <xsl:output method="text"/>
  <xsl:param name="part" select="'page'"/>
  <xsl:param name="version" select="''"/>
  <xsl:param name="stratovirt" select="''"/>
  <xsl:param name="date" select="''"/>
  <xsl:param name="pages" select="''"/>

  <xsl:key name="define" match="rng:define" use="@name"/>
  <xsl:key name="ref" match="rng:ref" use="@name"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="schema" select="'schema/stratovirt-domain.rng'"/>
  <!-- the defines that are elements, variant groups and value types -->
  <xsl:variable name="elements" select="/rng:grammar/rng:define[rng:element[@name]]"/>
  <xsl:variable name="groups" select="/rng:grammar/rng:define[rng:choice/rng:ref]"/>
  <xsl:variable name="types" select="/rng:grammar/rng:define[@stv:kind]"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'page'"><xsl:call-template name="page"/></xsl:when>
      <xsl:when test="$part = 'undocumented'"><xsl:call-template name="undocumented"/></xsl:when>
      <xsl:when test="$part = 'rules'"><xsl:call-template name="rules"/></xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">man-domain.xsl: unknown part '<xsl:value-of select="$part"/>'</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- mdoc text                                                     -->
  <!-- ============================================================ -->

  <!-- $s with each backslash as \e, so roff prints it. -->
  <xsl:template name="esc">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '\')">
        <xsl:value-of select="substring-before($s, '\')"/>
        <xsl:text>\e</xsl:text>
        <xsl:call-template name="esc">
          <xsl:with-param name="s" select="substring-after($s, '\')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One text line: escaped, and \& before a leading . or ' (a request otherwise). -->
  <xsl:template name="line">
    <xsl:param name="s"/>
    <xsl:if test="starts-with($s, '.') or starts-with($s, &quot;'&quot;)">\&amp;</xsl:if>
    <xsl:call-template name="esc">
      <xsl:with-param name="s" select="$s"/>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Prose: white space collapsed, one sentence per line (mdoc's rule). -->
  <xsl:template name="prose">
    <xsl:param name="s"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <xsl:choose>
      <xsl:when test="contains($t, '. ')">
        <xsl:call-template name="line">
          <xsl:with-param name="s" select="concat(substring-before($t, '. '), '.')"/>
        </xsl:call-template>
        <xsl:call-template name="prose">
          <xsl:with-param name="s" select="substring-after($t, '. ')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$t != ''">
        <xsl:call-template name="line">
          <xsl:with-param name="s" select="$t"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A macro argument: quoted, with " as \(dq. -->
  <xsl:template name="q">
    <xsl:param name="s"/>
    <xsl:text>"</xsl:text>
    <xsl:call-template name="dq">
      <xsl:with-param name="s">
        <xsl:call-template name="esc">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <xsl:template name="dq">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '&quot;')">
        <xsl:value-of select="substring-before($s, '&quot;')"/>
        <xsl:text>\(dq</xsl:text>
        <xsl:call-template name="dq">
          <xsl:with-param name="s" select="substring-after($s, '&quot;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Path $s with a break point (\:) after each '/' but a leading one, so a long one folds. -->
  <xsl:template name="breakable">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="starts-with($s, '/')">
        <xsl:text>/</xsl:text>
        <xsl:call-template name="break-slashes">
          <xsl:with-param name="s" select="substring($s, 2)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="break-slashes">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="break-slashes">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '/')">
        <xsl:value-of select="concat(substring-before($s, '/'), '/\:')"/>
        <xsl:call-template name="break-slashes">
          <xsl:with-param name="s" select="substring-after($s, '/')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A hint, as the programs print it after "hint:". -->
  <xsl:template name="hint">
    <xsl:param name="h"/>
    <xsl:if test="string($h) != ''">
      <xsl:call-template name="line">
        <xsl:with-param name="s" select="concat('Hint: ', normalize-space($h), '.')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ".Sy RULE" and the punctuation after it. -->
  <xsl:template name="rule-ref">
    <xsl:param name="id"/>
    <xsl:param name="punct" select="''"/>
    <xsl:text>.Sy </xsl:text>
    <xsl:value-of select="$id"/>
    <xsl:if test="$punct != ''">
      <xsl:text> </xsl:text>
      <xsl:value-of select="$punct"/>
    </xsl:if>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Each word of $list (space-separated rule ids) as .Sy, comma-separated. -->
  <xsl:template name="rule-list">
    <xsl:param name="list"/>
    <xsl:param name="last" select="'.'"/>
    <xsl:variable name="t" select="normalize-space($list)"/>
    <xsl:choose>
      <xsl:when test="contains($t, ' ')">
        <xsl:call-template name="rule-ref">
          <xsl:with-param name="id" select="substring-before($t, ' ')"/>
          <xsl:with-param name="punct" select="','"/>
        </xsl:call-template>
        <xsl:call-template name="rule-list">
          <xsl:with-param name="list" select="substring-after($t, ' ')"/>
          <xsl:with-param name="last" select="$last"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$t != ''">
        <xsl:call-template name="rule-ref">
          <xsl:with-param name="id" select="$t"/>
          <xsl:with-param name="punct" select="$last"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Where an element is                                           -->
  <!-- ============================================================ -->

  <!-- The select group that lists define $d as a variant, if any. -->
  <xsl:template name="group-of">
    <xsl:param name="d"/>
    <xsl:value-of select="$groups[rng:choice/rng:ref/@name = $d/@name][1]/@name"/>
  </xsl:template>

  <!-- The element name of a define: its element's, or its first variant's. -->
  <xsl:template name="element-name">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="$d/rng:element"><xsl:value-of select="$d/rng:element/@name"/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="element-name">
          <xsl:with-param name="d" select="key('define', $d/rng:choice/rng:ref[1]/@name)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The fixed value of attribute $attr that selects variant $d (or its first leaf). -->
  <xsl:template name="variant-value">
    <xsl:param name="d"/>
    <xsl:param name="attr"/>
    <xsl:choose>
      <xsl:when test="$d/rng:element">
        <xsl:value-of select="normalize-space($d/rng:element/rng:attribute[@name = $attr]/rng:value)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="variant-value">
          <xsl:with-param name="d" select="key('define', $d/rng:choice/rng:ref[1]/@name)"/>
          <xsl:with-param name="attr" select="$attr"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The names of the elements whose content refers to define $d: "<disk>, <interface>". -->
  <xsl:template name="parent-names">
    <xsl:param name="d"/>
    <xsl:variable name="users" select="$elements[rng:element//rng:ref/@name = $d/@name]"/>
    <xsl:for-each select="$users">
      <xsl:variable name="n" select="string(rng:element/@name)"/>
      <xsl:if test="generate-id() = generate-id($users[rng:element/@name = $n][1])">
        <xsl:if test="generate-id() != generate-id($users[1])">, </xsl:if>
        <xsl:value-of select="concat('&lt;', $n, '&gt;')"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- $s up to its last '/'. -->
  <xsl:template name="dirname">
    <xsl:param name="s"/>
    <xsl:if test="contains($s, '/')">
      <xsl:value-of select="substring-before($s, '/')"/>
      <xsl:if test="contains(substring-after($s, '/'), '/')">
        <xsl:text>/</xsl:text>
        <xsl:call-template name="dirname">
          <xsl:with-param name="s" select="substring-after($s, '/')"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!--
    The path of define $d from <domain>, the title of its section.  A
    variant is its group's path and a predicate; an element referred to by
    one element (or by variants of one group) is under that one's path; one
    that elements of several names share is under * beside them.
  -->
  <xsl:template name="path">
    <xsl:param name="d"/>
    <xsl:variable name="group">
      <xsl:call-template name="group-of">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="users" select="$elements[rng:element//rng:ref/@name = $d/@name] |
                                       $groups[not(@stv:select)][rng:choice/rng:ref/@name = $d/@name]"/>
    <xsl:variable name="name">
      <xsl:call-template name="element-name">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$d/@name = /rng:grammar/rng:start/rng:ref/@name">
        <xsl:value-of select="concat('/', $name)"/>
      </xsl:when>
      <xsl:when test="$group != ''">
        <xsl:variable name="g" select="key('define', $group)"/>
        <xsl:call-template name="path">
          <xsl:with-param name="d" select="$g"/>
        </xsl:call-template>
        <xsl:text>[@</xsl:text>
        <xsl:value-of select="$g/@stv:select"/>
        <xsl:text>='</xsl:text>
        <xsl:call-template name="variant-value">
          <xsl:with-param name="d" select="$d"/>
          <xsl:with-param name="attr" select="$g/@stv:select"/>
        </xsl:call-template>
        <xsl:text>']</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="first" select="$users[1]"/>
        <xsl:variable name="firstgroup">
          <xsl:call-template name="group-of">
            <xsl:with-param name="d" select="$first"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="firstname" select="string($first/rng:element/@name)"/>
        <xsl:variable name="ppath">
          <xsl:call-template name="path">
            <xsl:with-param name="d" select="$first"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="not($first)">
            <xsl:message terminate="yes">man-domain.xsl: define <xsl:value-of select="$d/@name"/> is used by no element</xsl:message>
          </xsl:when>
          <xsl:when test="count($users) = 1">
            <xsl:value-of select="$ppath"/>
          </xsl:when>
          <!-- variants of one group: under the group -->
          <xsl:when test="$firstgroup != '' and count($users[rng:element/@name = $firstname]) = count($users)">
            <xsl:call-template name="path">
              <xsl:with-param name="d" select="key('define', $firstgroup)"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="dirname">
              <xsl:with-param name="s" select="$ppath"/>
            </xsl:call-template>
            <xsl:text>/*</xsl:text>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat('/', $name)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- How often the first reference to define $d lets it appear. -->
  <xsl:template name="occurs">
    <xsl:param name="d"/>
    <xsl:variable name="group">
      <xsl:call-template name="group-of">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$group != ''">
        <xsl:call-template name="occurs">
          <xsl:with-param name="d" select="key('define', $group)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="r" select="key('ref', $d/@name)[ancestor::rng:element][1]"/>
        <xsl:choose>
          <xsl:when test="not($r)">Required</xsl:when>
          <xsl:when test="$r/parent::rng:optional">Optional</xsl:when>
          <xsl:when test="$r/parent::rng:zeroOrMore">Optional, any number</xsl:when>
          <xsl:when test="$r/parent::rng:oneOrMore">Required, one or more</xsl:when>
          <xsl:otherwise>Required</xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- Values                                                        -->
  <!-- ============================================================ -->

  <!-- The values a node may take, when they are a fixed set. -->
  <xsl:template name="value-set">
    <xsl:param name="p"/>
    <xsl:for-each select="$p/rng:value | $p/rng:choice/rng:value |
                          key('define', $p/rng:ref/@name)[not(rng:element)]/rng:choice/rng:value">
      <xsl:if test="position() &gt; 1"> | </xsl:if>
      <xsl:call-template name="q">
        <xsl:with-param name="s" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- What a node's value looks like, as macro arguments (".Cm a | b", ".Ar dec"). -->
  <xsl:template name="value-desc">
    <xsl:param name="p"/>
    <xsl:variable name="type" select="key('define', $p/rng:ref/@name)[@stv:kind]"/>
    <xsl:variable name="set">
      <xsl:call-template name="value-set">
        <xsl:with-param name="p" select="$p"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$set != ''">Cm <xsl:value-of select="$set"/></xsl:when>
      <xsl:when test="$type">Ar <xsl:value-of select="substring-after($type/@name, 't.')"/></xsl:when>
      <xsl:otherwise>Ar text</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether the value of $p is restricted (anything but text). -->
  <xsl:template name="restricted">
    <xsl:param name="p"/>
    <xsl:if test="not($p/rng:text) and ($p/rng:value or $p/rng:choice or $p/rng:ref or $p/rng:data)">yes</xsl:if>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- The facts of one element or attribute                        -->
  <!-- ============================================================ -->

  <!--
    What the annotations on $n say, one sentence each: the option it
    becomes, its range, the rule for a bad, missing or repeated one and its
    hint, what is tolerated, the rules checked on the domain.
  -->
  <xsl:template name="facts">
    <xsl:param name="n"/>
    <xsl:param name="value-rule" select="'invalid-value'"/>
    <xsl:param name="missing-rule" select="''"/>
    <xsl:variable name="restricted">
      <xsl:call-template name="restricted">
        <xsl:with-param name="p" select="$n"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="$n/@stv:option">
      <xsl:text>StratoVirt:&#10;.Li </xsl:text>
      <xsl:call-template name="q">
        <xsl:with-param name="s" select="$n/@stv:option"/>
      </xsl:call-template>
      <xsl:text> .&#10;</xsl:text>
    </xsl:if>
    <xsl:if test="$n/@stv:range">
      <xsl:value-of select="concat('From ', substring-before($n/@stv:range, '..'), ' to ',
                                   substring-after($n/@stv:range, '..'), $nl)"/>
      <xsl:text>.Pq Sy </xsl:text>
      <xsl:value-of select="$n/@stv:range-rule"/>
      <xsl:text> .&#10;</xsl:text>
      <xsl:call-template name="hint">
        <xsl:with-param name="h" select="$n/@stv:range-hint"/>
      </xsl:call-template>
    </xsl:if>
    <!-- invalid-value is the rule of every value outside its type (DESCRIPTION says so) -->
    <xsl:if test="$n/@stv:rule or ($restricted = 'yes' and $n/@stv:hint and not($n/@stv:warn))">
      <xsl:text>Any other value:&#10;</xsl:text>
      <xsl:call-template name="rule-ref">
        <xsl:with-param name="id">
          <xsl:choose>
            <xsl:when test="$n/@stv:rule"><xsl:value-of select="$n/@stv:rule"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$value-rule"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="punct" select="'.'"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="h" select="$n/@stv:hint[not($n/@stv:warn)]"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$missing-rule != ''">
      <xsl:text>Missing:&#10;</xsl:text>
      <xsl:call-template name="rule-ref">
        <xsl:with-param name="id" select="$missing-rule"/>
        <xsl:with-param name="punct" select="'.'"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="h" select="$n/@stv:missing-hint"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$n/@stv:warn">
      <xsl:text>Accepted with a warning,&#10;</xsl:text>
      <xsl:call-template name="rule-ref">
        <xsl:with-param name="id" select="$n/@stv:warn"/>
        <xsl:with-param name="punct" select="':'"/>
      </xsl:call-template>
      <xsl:call-template name="line">
        <xsl:with-param name="s" select="concat(normalize-space($n/@stv:message), '.')"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="h" select="$n/@stv:hint"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$n/@stv:ignore and not($n/@stv:warn)">
      <xsl:call-template name="line">
        <xsl:with-param name="s" select="concat('Accepted and not used: ', normalize-space($n/@stv:ignore), '.')"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$n/@stv:checks">
      <xsl:text>Also checked by&#10;</xsl:text>
      <xsl:call-template name="rule-list">
        <xsl:with-param name="list" select="$n/@stv:checks"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- part=page                                                     -->
  <!-- ============================================================ -->

  <xsl:template name="page">
    <xsl:text>.\" Generated from schema/stratovirt-domain.rng by schema/man-domain.xsl: do not edit.
.Dd </xsl:text>
    <xsl:value-of select="$date"/>
    <xsl:text>
.Dt STV-DOMAIN 5
.Os stv </xsl:text>
    <xsl:value-of select="$version"/>
    <xsl:text>
.Sh NAME
.Nm stv-domain
.Nd the libvirt domain XML that stv accepts for StratoVirt
.Sh DESCRIPTION
This page lists every element and attribute that
.Xr stv-validate 1
and
.Xr stv-compile 1
accept in a libvirt domain definition for StratoVirt </xsl:text>
    <xsl:value-of select="$stratovirt"/>
    <xsl:text>, in the place where they accept it, and what each becomes on
StratoVirt's command line.
It is generated from the schema the programs are built from, installed as
.Pa /usr/share/stv/stratovirt-domain.rng
(under the prefix stv was installed with).
</xsl:text>
    <xsl:for-each select="/rng:grammar/a:documentation">
      <xsl:text>.Pp&#10;</xsl:text>
      <xsl:call-template name="prose">
        <xsl:with-param name="s" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>.Pp
Each section of
.Sx ELEMENTS
is one element, titled by its path from
.Li &lt;domain&gt; .
An element that has variants, told apart by an attribute, has a section for
the group and one for each variant, whose path carries the selecting
values:
.Li controller[@type='pci'] .
An element that several devices share is under
.Li * :
.Li /domain/devices/*/alias .
A section says what the element means, whether it is required, what it
contains, the StratoVirt option it becomes, and then each attribute.
Where a value is refused, the rule that refuses it is named in bold, and
the hint the programs print with it follows;
.Xr stv-rules 7
describes every rule.
A value written
.Ar like-this
is described in
.Sx VALUES .
.Pp
A required element or attribute that is missing is an error
.Pq Sy missing-element , missing-attribute ,
unless its entry names another rule; so is an element that may appear once
and appears again
.Pq Sy duplicate-element ,
or one of the variants that an attribute tells apart, given twice
.Pq Sy duplicate-value ,
and text inside an element that holds only elements
.Pq Sy unexpected-text .
Any element or attribute not listed is an error where it appears
.Pq Sy unsupported-element , unsupported-attribute ,
naming it and what is supported there;
.Sx NOT SUPPORTED
lists the common ones and what to write instead.
A value outside its type or its list is an error
.Pq Sy invalid-value
unless its entry names another rule.
</xsl:text>
    <xsl:call-template name="values-section"/>
    <xsl:text>.Sh ELEMENTS&#10;</xsl:text>
    <xsl:for-each select="/rng:grammar/rng:define[(rng:element[@name] or rng:choice/rng:ref)]">
      <xsl:choose>
        <xsl:when test="rng:element">
          <xsl:call-template name="element-section">
            <xsl:with-param name="d" select="."/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="group-section">
            <xsl:with-param name="d" select="."/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:call-template name="unsupported-section"/>
    <xsl:text>.Sh SEE ALSO&#10;</xsl:text>
    <xsl:call-template name="see-also">
      <xsl:with-param name="list" select="$pages"/>
    </xsl:call-template>
    <xsl:text>.Pp
.Lk https://libvirt.org/formatdomain.html "libvirt's domain XML format"
</xsl:text>
  </xsl:template>

  <!-- ".Xr NAME SECTION ," for each "name.section" of $list. -->
  <xsl:template name="see-also">
    <xsl:param name="list"/>
    <xsl:variable name="t" select="normalize-space($list)"/>
    <xsl:variable name="first">
      <xsl:choose>
        <xsl:when test="contains($t, ' ')"><xsl:value-of select="substring-before($t, ' ')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$first != '' and $first != 'stv-domain.5'">
      <xsl:value-of select="concat('.Xr ', substring-before($first, '.'), ' ', substring-after($first, '.'))"/>
      <xsl:if test="contains($t, ' ') and substring-after($t, ' ') != 'stv-domain.5'"> ,</xsl:if>
      <xsl:value-of select="$nl"/>
    </xsl:if>
    <xsl:if test="contains($t, ' ')">
      <xsl:call-template name="see-also">
        <xsl:with-param name="list" select="substring-after($t, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="values-section">
    <xsl:text>.Sh VALUES
White space around a value is ignored.
.Bl -tag -width Ds
</xsl:text>
    <xsl:for-each select="$types">
      <xsl:text>.It Ar </xsl:text>
      <xsl:value-of select="substring-after(@name, 't.')"/>
      <xsl:value-of select="$nl"/>
      <xsl:call-template name="prose">
        <xsl:with-param name="s" select="a:documentation"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>.It Ar text
Any text.
.El
</xsl:text>
  </xsl:template>

  <!-- The selecting attributes of variant define $d: " type model ". -->
  <xsl:template name="selectors">
    <xsl:param name="d"/>
    <xsl:variable name="g" select="$groups[rng:choice/rng:ref/@name = $d/@name][1]"/>
    <xsl:if test="$g">
      <xsl:value-of select="concat(' ', $g/@stv:select, ' ')"/>
      <xsl:call-template name="selectors">
        <xsl:with-param name="d" select="$g"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="group-section">
    <xsl:param name="d"/>
    <xsl:text>.Ss </xsl:text>
    <xsl:call-template name="breakable">
      <xsl:with-param name="s">
        <xsl:call-template name="path">
          <xsl:with-param name="d" select="$d"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="prose">
      <xsl:with-param name="s" select="$d/a:documentation"/>
    </xsl:call-template>
    <xsl:if test="normalize-space($d/a:documentation) != ''">.Pp&#10;</xsl:if>
    <xsl:variable name="occurs">
      <xsl:call-template name="occurs">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:value-of select="concat($occurs, '.', $nl)"/>
    <xsl:text>One of these, told apart by&#10;.Cm </xsl:text>
    <xsl:value-of select="$d/@stv:select"/>
    <xsl:text> :&#10;.Bl -dash -compact&#10;</xsl:text>
    <xsl:for-each select="$d/rng:choice/rng:ref">
      <xsl:text>.It&#10;.Sx </xsl:text>
      <xsl:call-template name="breakable">
        <xsl:with-param name="s">
          <xsl:call-template name="path">
            <xsl:with-param name="d" select="key('define', @name)"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:value-of select="$nl"/>
    </xsl:for-each>
    <xsl:text>.El&#10;Any other&#10;.Cm </xsl:text>
    <xsl:value-of select="$d/@stv:select"/>
    <xsl:text> :&#10;</xsl:text>
    <xsl:call-template name="rule-ref">
      <xsl:with-param name="id">
        <xsl:choose>
          <xsl:when test="$d/@stv:rule"><xsl:value-of select="$d/@stv:rule"/></xsl:when>
          <xsl:otherwise>invalid-value</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="punct" select="'.'"/>
    </xsl:call-template>
    <xsl:call-template name="hint">
      <xsl:with-param name="h" select="$d/@stv:hint"/>
    </xsl:call-template>
    <xsl:if test="$d/@stv:checks">
      <xsl:text>Also checked by&#10;</xsl:text>
      <xsl:call-template name="rule-list">
        <xsl:with-param name="list" select="$d/@stv:checks"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="element-section">
    <xsl:param name="d"/>
    <xsl:variable name="e" select="$d/rng:element"/>
    <xsl:text>.Ss </xsl:text>
    <xsl:call-template name="breakable">
      <xsl:with-param name="s">
        <xsl:call-template name="path">
          <xsl:with-param name="d" select="$d"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="prose">
      <xsl:with-param name="s" select="$e/a:documentation"/>
    </xsl:call-template>
    <xsl:if test="normalize-space($e/a:documentation) != ''">.Pp&#10;</xsl:if>
    <xsl:variable name="occurs">
      <xsl:call-template name="occurs">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="parents">
      <xsl:call-template name="parent-names">
        <xsl:with-param name="d" select="$d"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="contains($parents, ',')">
        <xsl:call-template name="line">
          <xsl:with-param name="s" select="concat($occurs, ' in each of ', $parents, '.')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($occurs, '.', $nl)"/></xsl:otherwise>
    </xsl:choose>
    <!-- what a reference to it says about a missing or repeated one -->
    <xsl:for-each select="key('ref', $d/@name)[@stv:rule][1]">
      <xsl:text>Missing or repeated:&#10;</xsl:text>
      <xsl:call-template name="rule-ref">
        <xsl:with-param name="id" select="@stv:rule"/>
        <xsl:with-param name="punct" select="'.'"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="h" select="@stv:hint"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="content">
      <xsl:with-param name="e" select="$e"/>
    </xsl:call-template>
    <xsl:call-template name="facts">
      <xsl:with-param name="n" select="$e"/>
    </xsl:call-template>
    <xsl:variable name="attrs" select="$e/rng:attribute | $e/rng:optional/rng:attribute"/>
    <xsl:if test="$attrs">
      <xsl:variable name="sel">
        <xsl:call-template name="selectors">
          <xsl:with-param name="d" select="$d"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:text>.Bl -tag -width Ds&#10;</xsl:text>
      <xsl:for-each select="$attrs">
        <xsl:call-template name="attribute-item">
          <xsl:with-param name="a" select="."/>
          <xsl:with-param name="selector" select="contains($sel, concat(' ', @name, ' '))"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:text>.El&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- What element $e holds: nothing, a value, anything, or children. -->
  <xsl:template name="content">
    <xsl:param name="e"/>
    <xsl:variable name="children" select="$e//rng:ref[key('define', @name)[rng:element[@name] or rng:choice/rng:ref]]"/>
    <xsl:choose>
      <xsl:when test="$e/@stv:content = 'any'">
        <xsl:text>Anything, in any namespace; not read.&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="$children">
        <xsl:text>Contains</xsl:text>
        <xsl:if test="count($children) &gt; 1">, in any order</xsl:if>
        <xsl:text>:&#10;.Bl -dash -compact&#10;</xsl:text>
        <xsl:for-each select="$children">
          <xsl:text>.It&#10;.Sx </xsl:text>
          <xsl:call-template name="breakable">
            <xsl:with-param name="s">
              <xsl:call-template name="path">
                <xsl:with-param name="d" select="key('define', @name)"/>
              </xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:choose>
            <xsl:when test="parent::rng:optional"> ,&#10;optional</xsl:when>
            <xsl:when test="parent::rng:zeroOrMore"> ,&#10;any number</xsl:when>
            <xsl:when test="parent::rng:oneOrMore"> ,&#10;one or more</xsl:when>
          </xsl:choose>
          <xsl:value-of select="$nl"/>
        </xsl:for-each>
        <xsl:text>.El&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="$e/rng:empty or not($e/rng:text or $e/rng:value or $e/rng:choice or $e/rng:ref or $e/rng:data)">
        <xsl:text>Empty.&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="$e/rng:text">
        <xsl:text>Holds text.&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>Its text is&#10;.</xsl:text>
        <xsl:call-template name="value-desc">
          <xsl:with-param name="p" select="$e"/>
        </xsl:call-template>
        <xsl:text> .&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="attribute-item">
    <xsl:param name="a"/>
    <xsl:param name="selector"/>
    <xsl:text>.It Cm </xsl:text>
    <xsl:value-of select="$a/@name"/>
    <xsl:text> Ns = Ns </xsl:text>
    <xsl:call-template name="value-desc">
      <xsl:with-param name="p" select="$a"/>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
    <xsl:choose>
      <xsl:when test="$a/parent::rng:optional">Optional.&#10;</xsl:when>
      <xsl:otherwise>Required.&#10;</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$selector">
      <xsl:text>Selects this variant.&#10;</xsl:text>
    </xsl:if>
    <xsl:call-template name="prose">
      <xsl:with-param name="s" select="$a/a:documentation"/>
    </xsl:call-template>
    <xsl:call-template name="facts">
      <xsl:with-param name="n" select="$a"/>
      <xsl:with-param name="missing-rule">
        <xsl:choose>
          <xsl:when test="$a/parent::rng:optional"/>
          <xsl:when test="$a/@stv:missing-rule"><xsl:value-of select="$a/@stv:missing-rule"/></xsl:when>
          <xsl:when test="$a/@stv:missing-hint">missing-attribute</xsl:when>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="unsupported-section">
    <xsl:text>.Sh NOT SUPPORTED
What people often write that StratoVirt cannot run, each an error with
the hint shown:
.Bl -tag -width Ds
</xsl:text>
    <xsl:for-each select="/rng:grammar/stv:unsupported">
      <xsl:text>.It Aq Ic </xsl:text>
      <xsl:value-of select="@element"/>
      <xsl:if test="@attribute">
        <xsl:text> Cm </xsl:text>
        <xsl:value-of select="@attribute"/>
      </xsl:if>
      <xsl:value-of select="$nl"/>
      <xsl:if test="@message">
        <xsl:call-template name="line">
          <xsl:with-param name="s" select="concat(normalize-space(@message), '.')"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:call-template name="rule-ref">
        <xsl:with-param name="id">
          <xsl:choose>
            <xsl:when test="@rule"><xsl:value-of select="@rule"/></xsl:when>
            <xsl:when test="@attribute">unsupported-attribute</xsl:when>
            <xsl:otherwise>unsupported-element</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="punct" select="'.'"/>
      </xsl:call-template>
      <xsl:call-template name="hint">
        <xsl:with-param name="h" select="@hint"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>.El&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- part=undocumented                                             -->
  <!-- ============================================================ -->

  <xsl:template name="undocumented">
    <xsl:for-each select="$types[not(a:documentation)]">
      <xsl:call-template name="missing-prose">
        <xsl:with-param name="what" select="concat('the value type &quot;', @name, '&quot;')"/>
        <xsl:with-param name="where" select="concat('of its &lt;define name=&quot;', @name, '&quot;&gt;')"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$groups[not(a:documentation)]">
      <xsl:call-template name="missing-prose">
        <xsl:with-param name="what" select="concat('the variants of &lt;define name=&quot;', @name, '&quot;&gt;')"/>
        <xsl:with-param name="where" select="'of that &lt;define&gt;, before its &lt;choice&gt;'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$elements/rng:element[not(a:documentation)]">
      <xsl:call-template name="missing-prose">
        <xsl:with-param name="what" select="concat('element &lt;', @name, '&gt; (define &quot;', ../@name, '&quot;)')"/>
        <xsl:with-param name="where" select="'of its &lt;element&gt;'"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$elements/rng:element">
      <xsl:variable name="sel">
        <xsl:call-template name="selectors">
          <xsl:with-param name="d" select=".."/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:for-each select="(rng:attribute | rng:optional/rng:attribute)[not(a:documentation)]
                            [not(contains($sel, concat(' ', @name, ' ')))]">
        <xsl:call-template name="missing-prose">
          <xsl:with-param name="what" select="concat('attribute ', @name, ' of &lt;', ancestor::rng:element/@name,
                                                     '&gt; (define &quot;', ancestor::rng:define/@name, '&quot;)')"/>
          <xsl:with-param name="where" select="'of its &lt;attribute&gt;'"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="missing-prose">
    <xsl:param name="what"/>
    <xsl:param name="where"/>
    <xsl:value-of select="concat($schema, ': ', $what, ' has no entry in stv-domain(5): add ',
                                 '&lt;a:documentation&gt;what it means, its default, what virsh writes&lt;/a:documentation&gt; ',
                                 'as the first child ', $where, $nl)"/>
  </xsl:template>

  <!-- ============================================================ -->
  <!-- part=rules                                                    -->
  <!-- ============================================================ -->

  <!-- "RULE<TAB>PLACE" for each rule named on node $n, a place such as /domain/vcpu/@placement. -->
  <xsl:template name="rule-lines">
    <xsl:param name="n"/>
    <xsl:param name="place"/>
    <xsl:variable name="ids" select="concat(' ', $n/@stv:rule, ' ', $n/@stv:missing-rule, ' ', $n/@stv:range-rule,
                                            ' ', $n/@stv:warn, ' ', $n/@stv:checks, ' ')"/>
    <xsl:call-template name="each-rule">
      <xsl:with-param name="list" select="$ids"/>
      <xsl:with-param name="place" select="$place"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="each-rule">
    <xsl:param name="list"/>
    <xsl:param name="place"/>
    <xsl:variable name="t" select="normalize-space($list)"/>
    <xsl:if test="$t != ''">
      <xsl:variable name="first">
        <xsl:choose>
          <xsl:when test="contains($t, ' ')"><xsl:value-of select="substring-before($t, ' ')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:value-of select="concat($first, '&#9;', $place, $nl)"/>
      <xsl:call-template name="each-rule">
        <xsl:with-param name="list" select="substring-after($t, ' ')"/>
        <xsl:with-param name="place" select="$place"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="rules">
    <xsl:for-each select="$elements | $groups">
      <xsl:variable name="path">
        <xsl:call-template name="path">
          <xsl:with-param name="d" select="."/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:call-template name="rule-lines">
        <xsl:with-param name="n" select="rng:element | self::rng:define[rng:choice]"/>
        <xsl:with-param name="place" select="$path"/>
      </xsl:call-template>
      <xsl:for-each select="key('ref', @name)[@stv:rule]">
        <xsl:value-of select="concat(@stv:rule, '&#9;', $path, $nl)"/>
      </xsl:for-each>
      <xsl:for-each select="rng:element/rng:attribute | rng:element/rng:optional/rng:attribute">
        <xsl:call-template name="rule-lines">
          <xsl:with-param name="n" select="."/>
          <xsl:with-param name="place" select="concat($path, '/@', @name)"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="/rng:grammar/stv:unsupported[@rule]">
      <xsl:value-of select="concat(@rule, '&#9;', @element, $nl)"/>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
